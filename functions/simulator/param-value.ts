import { assertNever } from "../core/session/assert-never.ts";
/**
 * Value checks of the simulated device: what a real agent does before it
 * accepts a SetParameterValues entry (TR-069 A.3.2.1; TR-106 data types).
 */

/** The TR-106 base types the simulated tree uses. */
export type ParamType = "string" | "unsignedInt" | "int" | "boolean" | "dateTime" | "unsignedLong";

const maxUnsignedInt = 4_294_967_295;
const intRange = 2_147_483_648;
/** TR-106 dateTime: xsd:dateTime, UTC "Z" or an offset; the unknown time is 0001-01-01T00:00:00Z. */
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The value as the device stores it, or undefined when it is not a valid
 * value of `type` (fault 9007). Booleans are stored as "true"/"false" (xsd
 * accepts "1"/"0" as well).
 */
export function normalizeValue(type: ParamType, value: string): string | undefined {
  const text = value.trim();
  switch (type) {
    case "string":
      return value;
    case "boolean":
      if (text === "true" || text === "1") return "true";
      if (text === "false" || text === "0") return "false";
      return undefined;
    case "unsignedInt":
      return /^\d+$/.test(text) && Number(text) <= maxUnsignedInt
        ? String(Number(text))
        : undefined;
    case "unsignedLong":
      return /^\d+$/.test(text) && BigInt(text) < 2n ** 64n ? BigInt(text).toString() : undefined;
    case "int": {
      if (!/^[+-]?\d+$/.test(text)) return undefined;
      const number = Number(text);
      return number >= -intRange && number < intRange ? String(number) : undefined;
    }
    case "dateTime":
      return dateTimePattern.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
    default:
      return assertNever(type);
  }
}

/** TR-069 A.3.2.1: the ACS may send any xsi:type; a type of another family is a type error. */
export function isCompatibleType(declared: ParamType, sent: string): boolean {
  if (sent === declared || sent === "string") return true;
  const numeric = new Set(["int", "unsignedInt", "long", "unsignedLong"]);
  return numeric.has(declared) && numeric.has(sent);
}

/** A dateTime the way CPEs report it: seconds precision, UTC. */
export function formatDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
