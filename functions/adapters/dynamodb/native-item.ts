import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Item } from "./table-client.ts";

/**
 * The item a failed condition returns (ReturnValuesOnConditionCheckFailure)
 * comes in the wire format: the DocumentClient converts only what a command
 * returns, not what its error carries. Numbers become JavaScript numbers, as
 * the DocumentClient reads them; binary and sets other than strings and
 * numbers are not used in this table.
 */
export function nativeItem(item: Readonly<Record<string, AttributeValue>>): Item {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, native(value)]));
}

function native(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return nativeItem(value.M);
  if (value.L !== undefined) return value.L.map(native);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  return undefined;
}
