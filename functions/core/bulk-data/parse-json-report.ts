import { MalformedBulkReportError } from "./bulk-data-errors.ts";
import type { BulkReportEntry, JsonReportFormat } from "./bulk-report.ts";

/**
 * TR-157 A.3.5 / TR-369 "Encoding of JSON Bulk Data": `{"Report": [ ... ]}`, one element per
 * collection (retained failed reports included), each with an optional `CollectionTime`.
 * NameValuePair: the element's members are the parameter names. ObjectHierarchy: the members
 * nest as the path does (`{"Device": {"WiFi": {...}}}`) and are flattened back into names.
 */
export function parseJsonReport(text: string, format: JsonReportFormat): BulkReportEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MalformedBulkReportError("not JSON", { cause: error });
  }
  const report = isObject(document) ? document.Report : undefined;
  if (!Array.isArray(report)) throw new MalformedBulkReportError('JSON without a "Report" array');
  return report.map((element) => {
    if (!isObject(element)) throw new MalformedBulkReportError("Report element is not an object");
    const { CollectionTime: time, ...rest } = element;
    const values: Record<string, string> = {};
    if (format === "NameValuePair") {
      for (const [name, value] of Object.entries(rest)) values[name] = scalarText(name, value);
    } else flatten(rest, "", values);
    return time === undefined ? { values } : { collectedAt: String(time), values };
  });
}

function flatten(node: Record<string, unknown>, prefix: string, into: Record<string, string>) {
  for (const [key, value] of Object.entries(node)) {
    const name = `${prefix}${key}`;
    if (isObject(value)) flatten(value, `${name}.`, into);
    else if (Array.isArray(value)) {
      // An instance table may come as an array; its elements are numbered from 1 like instances.
      value.forEach((item, i) => {
        if (isObject(item)) flatten(item, `${name}.${i + 1}.`, into);
        else into[`${name}.${i + 1}`] = scalarText(name, item);
      });
    } else into[name] = scalarText(name, value);
  }
}

function scalarText(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "";
  throw new MalformedBulkReportError(`value of ${name} is not a scalar`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
