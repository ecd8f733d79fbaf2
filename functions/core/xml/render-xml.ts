import { isElementKey, type XmlValue } from "./xml-node.ts";

/**
 * A parsed element rendered back to compact XML, at most `maxChars` long (cut short with
 * "..."), so what a CPE sent can be kept and logged when it cannot be understood. For
 * diagnostics only, never for emitting: fast-xml-parser does not keep the order of text
 * between child elements, so text comes first here, and control characters become "?".
 */
export function renderXml(tag: string, value: XmlValue | undefined, maxChars: number): string {
  const out = { text: "" };
  renderInto(out, tag, value, maxChars);
  return out.text.length > maxChars ? `${out.text.slice(0, maxChars - 3)}...` : out.text;
}

function renderInto(
  out: { text: string },
  tag: string,
  value: XmlValue | undefined,
  maxChars: number,
): void {
  if (out.text.length > maxChars) return;
  if (Array.isArray(value)) {
    for (const item of value) renderInto(out, tag, item, maxChars);
    return;
  }
  if (value === undefined || typeof value === "string") {
    out.text += `<${tag}>${escapeForLog(value ?? "")}</${tag}>`;
    return;
  }
  let attributes = "";
  for (const [key, attribute] of Object.entries(value)) {
    if (key.startsWith("@_") && typeof attribute === "string") {
      attributes += ` ${key.slice(2)}="${escapeForLog(attribute)}"`;
    }
  }
  const text = value["#text"];
  out.text += `<${tag}${attributes}>${typeof text === "string" ? escapeForLog(text) : ""}`;
  for (const [key, childValue] of Object.entries(value)) {
    if (isElementKey(key)) renderInto(out, key, childValue, maxChars);
  }
  out.text += `</${tag}>`;
}

const markup: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
};

// XML 1.0 forbidden controls (tab, LF, CR allowed): not worth keeping in a log line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function escapeForLog(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => markup[ch] ?? ch).replace(controls, "?");
}
