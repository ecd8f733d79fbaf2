import type { DiagnosticRecord, DiagnosticType } from "../../core/diagnostics/diagnostic.ts";
import type { DiagnosticStore } from "../../diagnostic-ports.ts";
import { itemIsNew } from "./conditions.ts";
import type { DynamoCaller } from "./dynamo-caller.ts";
import { type Condition, expressionBuilder } from "./expression-builder.ts";
import { taskOrderKey, taskRetentionAfterExpiryMs } from "./item-layout.ts";
import { recordFromItem, storedRecord } from "./parse-item.ts";
import { createTableClient, type Item } from "./table-client.ts";

export interface DynamoDiagnosticStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoCaller;
  readonly tableName: string;
}

/**
 * Diagnostic items: `DIAG#<id>` / `DIAG`, the DiagnosticRecord at the top level (so conditions
 * name `state`), listed per device through gsi1 `DEVDIAGS#<deviceId>` sorted by
 * `<createdAt 15 digits>#<id>` (keys only projected: Query, then BatchGetItem), `ttl` 30 days
 * past the deadline. The claim of a type on a device: `DIAGRUN#<deviceId>#<type>` / `DIAGRUN`
 * holding the diagnostic id and `until` (the deadline), taken by a conditional PutItem that
 * succeeds when absent or lapsed, so a lost release only holds the type until the deadline.
 */
const diagnosticSortKey = "DIAG";
const claimSortKey = "DIAGRUN";
const diagnosticKey = (id: string) => ({ pk: `DIAG#${id}`, sk: diagnosticSortKey });
const claimKey = (deviceId: string, type: DiagnosticType) => ({
  pk: `DIAGRUN#${deviceId}#${type}`,
  sk: claimSortKey,
});
const deviceDiagnosticsPartition = (deviceId: string) => `DEVDIAGS#${deviceId}`;
const ttlSeconds = (until: number) => Math.ceil((until + taskRetentionAfterExpiryMs) / 1000);

const diagnosticRecord = storedRecord<DiagnosticRecord>(
  "a diagnostic with id, deviceId, type, state and createdAt",
  (record) =>
    typeof record.id === "string" &&
    typeof record.deviceId === "string" &&
    typeof record.type === "string" &&
    typeof record.state === "string" &&
    typeof record.createdAt === "number",
);

/** The claim is free: absent, or its `until` has passed (expiry is data, checked here). */
const claimLapsed =
  (now: number): Condition =>
  (e) =>
    `${itemIsNew(e)} OR ${e.name("until")} <= ${e.value(now)}`;

export function createDynamoDiagnosticStore(
  options: DynamoDiagnosticStoreOptions,
): DiagnosticStore {
  const table = createTableClient(options);
  const item = (record: DiagnosticRecord): Item => ({
    ...record,
    ...diagnosticKey(record.id),
    gsi1pk: deviceDiagnosticsPartition(record.deviceId),
    gsi1sk: taskOrderKey(record.createdAt, record.id),
    ttl: ttlSeconds(record.deadline),
  });
  return {
    async claimDiagnostic(claim) {
      const put = expressionBuilder().condition(claimLapsed(claim.now));
      const written = await table.put(
        {
          item: {
            ...claimKey(claim.deviceId, claim.type),
            diagnosticId: claim.diagnosticId,
            until: claim.until,
            ttl: ttlSeconds(claim.until),
          },
          expression: put,
        },
        "claimDiagnostic",
      );
      if (written.written) return { claimed: true };
      const held = await table.get(claimKey(claim.deviceId, claim.type), "claimDiagnostic");
      return { claimed: false, activeId: String(held?.diagnosticId ?? "") };
    },
    async releaseDiagnostic(deviceId, type, diagnosticId) {
      const held = expressionBuilder().condition(
        (e) => `${e.name("diagnosticId")} = ${e.value(diagnosticId)}`,
      );
      await table.delete({ key: claimKey(deviceId, type), expression: held }, "releaseDiagnostic");
    },
    async putDiagnostic(record) {
      await table.put({ item: item(record) }, "putDiagnostic");
    },
    async getDiagnostic(id) {
      const found = await table.get(diagnosticKey(id), "getDiagnostic");
      return found ? recordFromItem(diagnosticRecord, found) : undefined;
    },
    async listDiagnostics(deviceId, limit) {
      const query = expressionBuilder().keyCondition(
        (e) => `${e.name("gsi1pk")} = ${e.value(deviceDiagnosticsPartition(deviceId))}`,
      );
      const rows = await table.query(
        { index: "gsi1", expression: query, descending: true, limit },
        "listDiagnostics",
      );
      const keys = rows.slice(0, limit).map((row) => ({ pk: String(row.pk), sk: String(row.sk) }));
      const items = await table.batchGet(keys, "listDiagnostics");
      const byKey = new Map(
        items.map((found) => [String(found.pk), recordFromItem(diagnosticRecord, found)]),
      );
      return keys.flatMap((key) => byKey.get(key.pk) ?? []);
    },
    async updateDiagnostic(record, expected) {
      const put = expressionBuilder().condition((e) => `${e.name("state")} = ${e.value(expected)}`);
      const saved = await table.put({ item: item(record), expression: put }, "updateDiagnostic");
      return saved.written;
    },
  };
}
