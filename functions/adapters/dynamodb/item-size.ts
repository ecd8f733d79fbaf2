import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * An item's size in bytes by DynamoDB's published rules ("DynamoDB item sizes and formats",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * each attribute is the UTF-8 bytes of its name plus its value; a string its UTF-8 bytes, a
 * binary its raw bytes, a number about 1 byte per two significant digits plus 1, null and
 * Boolean 1 byte, a list or map 3 bytes of overhead plus 1 byte per element plus the elements.
 * Sets are the sum of their members (the page gives no overhead for them).
 */
export function itemSize(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce(
    (size, [name, value]) => size + utf8Bytes(name) + valueSize(value),
    0,
  );
}

/** Write units of one item: 1 per 1 KB, rounded up, at least 1 (an empty write costs 1). */
export function writeUnitsOf(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / 1024));
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8Bytes(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + itemSize(value.M);
  return 0;
}

/** Leading and trailing zeroes are not stored: 1 byte per two significant digits, plus 1. */
function numberSize(text: string): number {
  const digits = text.replace(/^-/, "").replace(/e.*$/i, "").replace(".", "");
  const significant = digits.replace(/^0+/, "").replace(/0+$/, "");
  return Math.ceil(significant.length / 2) + 1;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
