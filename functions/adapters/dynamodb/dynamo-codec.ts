import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";

type Item = Record<string, unknown>;
type WireItem = Record<string, AttributeValue>;
type Body = Record<string, unknown>;

/**
 * The document form (JavaScript values) to DynamoDB's wire form and back, with the library the
 * SDK's DocumentClient uses (@aws-sdk/util-dynamodb, which imports nothing) and its options:
 * undefined members removed, numbers as JavaScript numbers, binary as Uint8Array. Only the members that hold items,
 * keys or expression values are converted, as the DocumentClient does for these operations.
 */
const marshallOptions = { removeUndefinedValues: true } as const;

const toWire = (item: Item): WireItem => mapValues(marshall(item, marshallOptions), bytesToBase64);
const fromWire = (item: WireItem): Item => unmarshall(mapValues(item, base64ToBytes));

/**
 * An item in the wire form read as the answers' items are: for the item a failed condition
 * returns (ReturnValuesOnConditionCheckFailure), which comes on the error, not in an answer.
 */
export function documentItem(item: Readonly<WireItem>): Item {
  return fromWire(item as WireItem);
}

/** Request members holding one item, key or value map, in any operation. */
const itemMembers = ["Key", "Item", "ExpressionAttributeValues", "ExclusiveStartKey"] as const;
/** Answer members holding one item or key. */
const answerItemMembers = ["Item", "Attributes", "LastEvaluatedKey"] as const;

export function marshallInput(input: Body): Body {
  const wire: Body = { ...input };
  for (const member of itemMembers) {
    const value = input[member];
    if (value !== undefined) wire[member] = toWire(value as Item);
  }
  if (input.RequestItems !== undefined) {
    wire.RequestItems = mapTables(input.RequestItems, (requests) =>
      Array.isArray(requests)
        ? requests.map(writeRequest(toWire))
        : keysAndAttributes(requests, toWire),
    );
  }
  return wire;
}

export function unmarshallOutput(output: Body): Body {
  const native: Body = { ...output };
  for (const member of answerItemMembers) {
    const value = output[member];
    if (value !== undefined) native[member] = fromWire(value as WireItem);
  }
  if (Array.isArray(output.Items)) native.Items = output.Items.map(fromWire);
  if (output.Responses !== undefined) {
    native.Responses = mapTables(output.Responses, (items) => (items as WireItem[]).map(fromWire));
  }
  if (output.UnprocessedKeys !== undefined) {
    native.UnprocessedKeys = mapTables(output.UnprocessedKeys, (entry) =>
      keysAndAttributes(entry, fromWire),
    );
  }
  if (output.UnprocessedItems !== undefined) {
    native.UnprocessedItems = mapTables(output.UnprocessedItems, (requests) =>
      (requests as Body[]).map(writeRequest(fromWire)),
    );
  }
  return native;
}

function mapTables(tables: unknown, convert: (value: unknown) => unknown): Body {
  return Object.fromEntries(
    Object.entries(tables as Body).map(([table, value]) => [table, convert(value)]),
  );
}

/** BatchGetItem's per-table `{ Keys, ... }`. */
function keysAndAttributes(entry: unknown, convert: (item: never) => unknown): Body {
  const { Keys, ...rest } = entry as { Keys?: never[] };
  return { ...rest, ...(Keys && { Keys: Keys.map(convert) }) };
}

/** BatchWriteItem's `{ PutRequest: { Item } }` or `{ DeleteRequest: { Key } }`. */
function writeRequest(convert: (item: never) => unknown) {
  return (request: unknown): Body => {
    const { PutRequest, DeleteRequest } = request as {
      PutRequest?: { Item: never };
      DeleteRequest?: { Key: never };
    };
    return {
      ...(PutRequest && { PutRequest: { Item: convert(PutRequest.Item) } }),
      ...(DeleteRequest && { DeleteRequest: { Key: convert(DeleteRequest.Key) } }),
    };
  };
}

type Binary = Uint8Array | string;

/**
 * DynamoDB's JSON protocol carries binary (B, BS) as base64 text; util-dynamodb gives and takes
 * bytes (the SDK's serializer does this step). The table holds no binary today: this keeps a
 * Uint8Array written by a store from becoming `{"0":1,...}` on the wire.
 */
function bytesToBase64(value: AttributeValue): AttributeValue {
  return convertBinary(value, (bytes) => Buffer.from(bytes as Uint8Array).toString("base64"));
}

function base64ToBytes(value: AttributeValue): AttributeValue {
  return convertBinary(value, (text) => new Uint8Array(Buffer.from(text as string, "base64")));
}

function convertBinary(value: AttributeValue, convert: (binary: Binary) => Binary): AttributeValue {
  if (value.B !== undefined) return { B: convert(value.B) } as AttributeValue;
  if (value.BS !== undefined) return { BS: value.BS.map(convert) } as AttributeValue;
  if (value.M !== undefined) return { M: mapValues(value.M, (v) => convertBinary(v, convert)) };
  if (value.L !== undefined) return { L: value.L.map((v) => convertBinary(v, convert)) };
  return value;
}

function mapValues(
  item: Record<string, AttributeValue>,
  convert: (value: AttributeValue) => AttributeValue,
): WireItem {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, convert(value)]));
}
