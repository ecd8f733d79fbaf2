import type { XsdType } from "../cwmp/xsd-type.ts";
import type { DiagnosticArgumentValue, DiagnosticType } from "./diagnostic.ts";
import { diagnosticObjects } from "./diagnostic-objects.ts";

/** The SetParameterValues that starts a test, and the object whose subtree holds its result. */
export type DiagnosticRequest =
  | {
      readonly kind: "request";
      readonly objectPath: string;
      readonly parameterValues: readonly (readonly [string, string, XsdType])[];
    }
  | { readonly kind: "unsupported"; readonly reason: string };

const tr098Root = "InternetGatewayDevice.";

/**
 * The test object for the device's data model root ("Device." TR-181, "InternetGatewayDevice."
 * TR-098) and one SetParameterValues of the arguments with `DiagnosticsState = Requested` last
 * (TR-143: setting it to Requested starts the test; the CPE runs it after the session ends).
 * NSLookup and ServerSelection exist in TR-181 only; so do some arguments.
 */
export function diagnosticRequest(
  type: DiagnosticType,
  root: string | undefined,
  args: Readonly<Record<string, DiagnosticArgumentValue>>,
): DiagnosticRequest {
  const object = diagnosticObjects[type];
  const tr098 = root === tr098Root;
  const objectPath = tr098 ? object.tr098 : object.tr181;
  if (objectPath === undefined)
    return {
      kind: "unsupported",
      reason: `${type} exists only in TR-181 (Device.); this device is TR-098`,
    };
  const parameterValues: (readonly [string, string, XsdType])[] = [];
  for (const [name, value] of Object.entries(args)) {
    const argument = object.arguments[name];
    if (!argument) return { kind: "unsupported", reason: `${type} has no argument ${name}` };
    if (tr098 && argument.tr181Only)
      return { kind: "unsupported", reason: `${name} of ${type} exists only in TR-181` };
    parameterValues.push([`${objectPath}${argument.parameter}`, String(value), argument.type]);
  }
  parameterValues.push([`${objectPath}DiagnosticsState`, "Requested", "string"]);
  return { kind: "request", objectPath, parameterValues };
}
