import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { informDigest } from "../../core/session/inform-digest.ts";
import { isLive } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionLostError } from "../../port-errors.ts";
import type {
  DeviceChanges,
  DeviceStore,
  InformFacts,
  OpenedSession,
  OpenSessionOptions,
  SessionCloseOutcome,
} from "../../ports.ts";
import { idleSessionIs, itemExists, noSession, queueIs, sessionIs } from "./conditions.ts";
import { addLeaseChanges, recordChanges } from "./device-changes.ts";
import {
  deviceFromItem,
  isDeviceItem,
  queueOrder,
  sameSecret,
  sessionFromItem,
  withoutUndefined,
} from "./device-item.ts";
import type { DynamoCaller } from "./dynamo-caller.ts";
import { createDeviceListing } from "./dynamo-device-listing.ts";
import { createDeviceRemoval } from "./dynamo-device-removal.ts";
import { createDeviceTags } from "./dynamo-device-tags.ts";
import { createDynamoFleetSummary } from "./dynamo-fleet-summary.ts";
import { parseTask } from "./dynamo-task-store.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import { deviceKey, leaseKey } from "./item-layout.ts";
import {
  heldProfileMemory,
  pendingWorkOf,
  readDeviceItems,
  unchangedInform,
  withLease,
} from "./lease-item.ts";
import { adoptLegacyAttributes } from "./legacy-device-item.ts";
import { openSessionRefusal } from "./open-session-refusal.ts";
import { informed, informRecordUpdate, openLeaseUpdate } from "./open-session-update.ts";
import { createTableClient, type Item, type TableClient } from "./table-client.ts";

export interface DynamoStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoCaller;
  readonly tableName: string;
  /** Key of the listing cursors' HMAC (see list-cursor.ts); without one, a checksum. */
  readonly cursorSecret?: string | Uint8Array;
  /** See DeviceListingOptions.maxQueriesPerPage. @default 32 */
  readonly maxQueriesPerPage?: number;
}

export function createDynamoDeviceStore(options: DynamoStoreOptions): DeviceStore {
  const table = createTableClient(options);

  /** Sets one field of an existing device (the sender's records); DeviceNotFoundError otherwise. */
  async function setField(
    operation: string,
    deviceId: string,
    field: keyof DeviceRecord,
    value: unknown,
  ) {
    const update = expressionBuilder().set(field, value).condition(itemExists);
    const result = await table.update({ key: deviceKey(deviceId), expression: update }, operation);
    if (!result.written) throw new DeviceNotFoundError(deviceId);
  }

  return {
    openSession: (facts, session, now, options = {}) =>
      openSession(table, facts, session, now, options),

    async loadSession(deviceId, sessionId, now, prefetchTaskId) {
      const read = await readDeviceItems(table, deviceId, "loadSession", prefetchTaskId);
      const { meta, lease } = read;
      const session = lease ? sessionFromItem(lease) : undefined;
      if (!meta || !session || !sameSecret(session.id, sessionId) || !isLive(session, now)) {
        return undefined;
      }
      const task = read.task && parseTask(read.task);
      return {
        device: deviceFromItem(withLease(meta, lease)),
        session,
        ...(task?.deviceId === deviceId && { prefetchedTask: task }),
      };
    },

    async saveSession(session, changes) {
      const update = expressionBuilder().set("session", session);
      await updateOwnSession(table, session, changes, update, "saveSession");
    },

    closeSession(session, changes, now, closeOptions = {}) {
      const update = expressionBuilder().set("lastSessionEndedAt", now).remove("session");
      if (closeOptions.queueSeen) update.condition(queueIs(closeOptions.queueSeen));
      return updateOwnSession(table, session, changes, update, "closeSession");
    },

    async closeIdleSession(deviceId, sessionId, now) {
      const update = expressionBuilder()
        .set("lastSessionEndedAt", now)
        .remove("session")
        .condition(idleSessionIs(sessionId, now));
      const result = await table.update(
        { key: leaseKey(deviceId), expression: update },
        "closeIdleSession",
      );
      return result.written;
    },

    async getDevice(deviceId): Promise<DeviceRecord | undefined> {
      const { meta, lease } = await readDeviceItems(table, deviceId, "getDevice");
      return meta && isDeviceItem(meta) ? deviceFromItem(withLease(meta, lease)) : undefined;
    },

    recordConnectionRequest: (deviceId, status) =>
      setField("recordConnectionRequest", deviceId, "lastConnectionRequest", status),
    recordXmppAccount: (deviceId, status) =>
      setField("recordXmppAccount", deviceId, "xmppAccount", status),
    recordStunBinding: (deviceId, binding) =>
      setField("recordStunBinding", deviceId, "stunBinding", binding),
    listDevices: createDeviceListing({
      table,
      cursor: { secret: options.cursorSecret },
      maxQueriesPerPage: options.maxQueriesPerPage,
    }),
    deleteDevice: createDeviceRemoval({ table }),
    setTag: createDeviceTags({ table }),
    ...createDynamoFleetSummary(table),
  };
}

/**
 * The Inform: the lease item first (lease, last contact, credential checks, one conditional
 * UpdateItem), then the device record only when the Inform's facts differ from what it holds,
 * for a BOOTSTRAP, or after an abandoned session (which may have failed before its record was
 * written: its values are written again in full).
 */
async function openSession(
  table: TableClient,
  facts: InformFacts,
  session: SessionState,
  now: number,
  options: OpenSessionOptions,
): Promise<OpenedSession> {
  const result = await table.update(
    {
      key: leaseKey(facts.deviceId),
      expression: openLeaseUpdate(facts, session, now, options),
      returnOld: true,
      // Real DynamoDB returns the blocking item with the failure (no second read);
      // dynalite does not, and retryAfterMs falls back to one GetItem.
      returnCurrentOnFailure: true,
    },
    "openSession",
  );
  if (!result.written) {
    throw await openSessionRefusal(table, facts.deviceId, result, options, now);
  }
  const lease = result.old;
  const abandoned = lease ? sessionFromItem(lease) : undefined;
  const pending = pendingWorkOf(lease);
  if (lease?.informDigest === informDigest(facts) && !abandoned && !facts.bootstrap) {
    return unchangedInform(pending);
  }
  const written = await table.update(
    { key: deviceKey(facts.deviceId), expression: informRecordUpdate(facts, now), returnOld: true },
    "openSession",
  );
  const old = written.written ? written.old : undefined;
  if (old)
    await adoptLegacyAttributes(table, facts.deviceId, session, { meta: old, lease }, options);
  // An item holding only a credential mark (PUT before the first Inform) is no device yet.
  const meta = old && isDeviceItem(old) ? old : undefined;
  const previous = meta ? deviceFromItem(withLease(meta, lease)) : undefined;
  const legacyQueue = queueOrder((meta?.taskQueue as Record<string, number> | undefined) ?? {});
  return {
    inform: "recorded",
    previous,
    newDevice: previous === undefined,
    device: withoutUndefined<DeviceRecord>({
      ...informed(previous, facts, now),
      taskQueue: [...new Set([...(previous?.taskQueue ?? []), ...legacyQueue])],
      sessionExpiresAt: session.expiresAt,
    }),
    ...(abandoned && { abandoned }),
    pending: { ...pending, queuedTasks: pending.queuedTasks + legacyQueue.length },
  };
}

/**
 * The lease item's write first, conditional on the session (a session that lost its lease
 * changes nothing), then the record's changes (META), only when the session changed any. The
 * CPE gets the exchange's answer only after both: should the second write fail, the CPE never
 * saw the RPC the lease names as in flight, which is the lost-reply case every session
 * already survives (its next session settles it as unanswered). A close moves the profile
 * memory the lease held (lease-item.ts heldProfileMemory) to the record, then drops the lease's
 * copy unless a session holds the lease again; a failure in between leaves a copy where it was.
 */
async function updateOwnSession(
  table: TableClient,
  session: SessionState,
  changes: DeviceChanges,
  update: ExpressionBuilder,
  operation: "saveSession" | "closeSession",
): Promise<SessionCloseOutcome> {
  const closing = operation === "closeSession";
  addLeaseChanges(update, changes, closing);
  update.condition(sessionIs(session.id));
  const result = await table.update(
    {
      key: leaseKey(session.deviceId),
      expression: update,
      returnOld: closing,
      returnCurrentOnFailure: closing,
    },
    operation,
  );
  if (!result.written) {
    if (!closing) throw new SessionLostError(session.deviceId, session.id);
    return refusedClose(table, session, result.current, operation);
  }
  const held = closing ? result.old?.[heldProfileMemory] : undefined;
  const moved =
    held === undefined || changes.provisioning !== undefined
      ? changes
      : { ...changes, provisioning: held as DeviceChanges["provisioning"] };
  const record = recordChanges(moved, closing);
  if (record) {
    const written = await table.update(
      { key: deviceKey(session.deviceId), expression: record.condition(itemExists) },
      operation,
    );
    // Removal waits for the lease to end, so the record is there; if not, fail like a lost lease.
    if (!written.written) throw new SessionLostError(session.deviceId, session.id);
  }
  if (held !== undefined) {
    const drop = expressionBuilder().remove(heldProfileMemory).condition(noSession);
    await table.update({ key: leaseKey(session.deviceId), expression: drop }, operation);
  }
  return { kind: "closed" };
}

/**
 * Why a session's write was refused: still its lease, so the close's queue condition failed
 * (the queue now, in order); otherwise the lease is lost. Without the item in the refusal (not
 * every DynamoDB implementation returns it), one consistent read of the lease item tells.
 */
async function refusedClose(
  table: TableClient,
  session: SessionState,
  current: Item | undefined,
  operation: string,
): Promise<SessionCloseOutcome> {
  const lease = current ?? (await table.get(leaseKey(session.deviceId), operation));
  const held = lease?.session as { readonly id?: unknown } | undefined;
  if (held?.id !== session.id) throw new SessionLostError(session.deviceId, session.id);
  const queue = (lease?.taskQueue ?? {}) as Readonly<Record<string, number>>;
  return { kind: "queue-changed", taskQueue: queueOrder(queue) };
}
