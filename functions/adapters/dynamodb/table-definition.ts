import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { translateError } from "./translate-error.ts";

/**
 * The CreateTable input matching lib/data-stack.ts (pk/sk strings, GSI
 * "gsi1" on gsi1pk/gsi1sk, GSI "gsi2" on gsi2pk/gsi2sk, on-demand billing), for
 * dynalite in tests and the local mode. TTL on "ttl" is set by CDK in AWS
 * only: dynalite has no UpdateTimeToLive, and nothing relies on TTL.
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "gsi1pk", AttributeType: "S" },
      { AttributeName: "gsi1sk", AttributeType: "S" },
      { AttributeName: "gsi2pk", AttributeType: "S" },
      { AttributeName: "gsi2sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: "gsi1",
        KeySchema: [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
        // Only attributes that rarely change: session writes to the device item
        // then cost no index write (DynamoDB skips the GSI when no projected
        // attribute changes). Listings fetch full items by key.
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...gsi1Projection] },
      },
      {
        IndexName: "gsi2",
        KeySchema: [
          { AttributeName: "gsi2pk", KeyType: "HASH" },
          { AttributeName: "gsi2sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...gsi2Projection] },
      },
    ],
  };
}

/**
 * Attributes the gsi1 index carries besides keys (kept in sync with lib/data-stack.ts, which
 * reads it from here). Unchanged since gsi1 was created: DynamoDB cannot change an existing
 * index's projection, and one deployment may add or remove only one index, so what newer
 * listings need goes to gsi2.
 */
export const gsi1Projection = [
  "manufacturer",
  "oui",
  "productClass",
  "serialNumber",
  "tags",
] as const;

/**
 * Attributes gsi2 carries besides keys. gsi2 holds two kinds of entries:
 * - task items (`TASKS#<day>#<shard>`, the fleet-wide task listing): only what the listing
 *   filters on, `status` and `deviceId`. Not ALL, for cost: a task item holds its spec, result
 *   values and attempt history (kilobytes), and each of its updates would be written to the
 *   index again at full size; with these two, only creation and status changes write a small
 *   index entry, and a page costs one BatchGetItem of at most `limit` items.
 * - device items (`FLEET#<shard>`, the fleet summary, dynamo-fleet-summary.ts): what the
 *   summary counts. DynamoDB writes the index only when a write changes a projected
 *   attribute, and each changes rarely:
 *   - `lastSeenHour` (UTC hour of the last Inform): at most 24 index writes per device per
 *     day, one per hour in which the device Informs (a daily periodic Inform: 1). A
 *     day-granular value would cost at most 1 a day, but "seen today or yesterday (UTC)"
 *     means seen within 24 to 48 hours; the hour keeps "last 24 h" exact to the hour (at most
 *     25 h). 1M devices Informing daily: 1M index writes of 1 WRU a day, ~$19 a month on
 *     demand; Informing hourly: 24M a day, against the 24M table writes those Informs cost.
 *   - `productClass` never, `softwareVersion` once per firmware upgrade.
 *   - `connectionRequestUrl`, `connReqJabberId`: when the CPE's address or XMPP login changes.
 * Each kind leaves the other's attributes absent, so its entries stay small.
 */
export const gsi2Projection = [
  "status",
  "deviceId",
  "productClass",
  "softwareVersion",
  "connectionRequestUrl",
  "connReqJabberId",
  "lastSeenHour",
] as const;

/**
 * The table exists without an index the code needs. In AWS CDK adds indexes; a local
 * dynalite table made by an older version cannot gain one (dynalite has no index creation
 * in UpdateTable), so the caller must say which data directory to move away.
 */
export class TableIndexMissingError extends Error {
  override readonly name = "TableIndexMissingError";
  constructor(
    readonly tableName: string,
    readonly missing: readonly string[],
  ) {
    super(`table ${tableName} has no index ${missing.join(", ")}`);
  }
}

/** The table did not become ACTIVE in time. */
export class TableNotReadyError extends Error {
  override readonly name = "TableNotReadyError";
  constructor(
    readonly tableName: string,
    readonly status: string | undefined,
  ) {
    super(`table ${tableName} is not ACTIVE (status ${status ?? "unknown"})`);
  }
}

export interface EnsureTableOptions {
  /** @default 30_000 */
  readonly timeoutMs?: number;
  /** Pause between DescribeTable polls. @default 50 */
  readonly pollMs?: number;
}

/**
 * Creates the table if it is missing and waits until it (and its index) is
 * ACTIVE. Safe to call concurrently: a lost creation race is not an error.
 */
export async function ensureTable(
  client: Pick<DynamoDBClient, "send">,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pollMs = options.pollMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  try {
    if ((await describeStatus(client, tableName)) === undefined) {
      await client.send(new CreateTableCommand(tableDefinition(tableName))).catch((error) => {
        if (!(error instanceof ResourceInUseException)) throw error;
      });
    }
    for (;;) {
      const status = await describeStatus(client, tableName);
      if (status === "ACTIVE") return await requireIndexes(client, tableName);
      if (Date.now() >= deadline) throw new TableNotReadyError(tableName, status);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } catch (error) {
    throw translateError(error, "ensureTable");
  }
}

/** Every index of the definition exists on the table, or TableIndexMissingError. */
async function requireIndexes(client: Pick<DynamoDBClient, "send">, tableName: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = (tableDefinition(tableName).GlobalSecondaryIndexes ?? [])
    .map((index) => index.IndexName ?? "")
    .filter((name) => !present.has(name));
  if (missing.length > 0) throw new TableIndexMissingError(tableName, missing);
}

/** The table's status once it and every index are ACTIVE; undefined when the table is missing. */
async function describeStatus(
  client: Pick<DynamoDBClient, "send">,
  tableName: string,
): Promise<string | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    const pendingIndex = indexes.find((index) => index.IndexStatus !== "ACTIVE");
    return pendingIndex
      ? `index ${pendingIndex.IndexName} ${pendingIndex.IndexStatus}`
      : Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
