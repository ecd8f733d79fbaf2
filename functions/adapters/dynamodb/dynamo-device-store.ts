import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { isLive } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionLostError } from "../../port-errors.ts";
import type {
  DeviceChanges,
  DeviceStore,
  InformFacts,
  OpenedSession,
  OpenSessionOptions,
} from "../../ports.ts";
import { itemExists, sessionIs } from "./conditions.ts";
import { addDeviceChanges } from "./device-changes.ts";
import {
  deviceFromItem,
  isDeviceItem,
  sameSecret,
  sessionFromItem,
  withoutUndefined,
} from "./device-item.ts";
import { createDeviceListing } from "./dynamo-device-listing.ts";
import { createDeviceRemoval } from "./dynamo-device-removal.ts";
import { createDeviceTags } from "./dynamo-device-tags.ts";
import { createDynamoFleetSummary } from "./dynamo-fleet-summary.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import { deviceKey } from "./item-layout.ts";
import { openSessionRefusal } from "./open-session-refusal.ts";
import { informed, openSessionUpdate } from "./open-session-update.ts";
import { createTableClient, type TableClient } from "./table-client.ts";

export interface DynamoStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Key of the listing cursors' HMAC (see list-cursor.ts); without one, a checksum. */
  readonly cursorSecret?: string | Uint8Array;
  /** See DeviceListingOptions.maxQueriesPerPage. @default 32 */
  readonly maxQueriesPerPage?: number;
}

export function createDynamoDeviceStore(options: DynamoStoreOptions): DeviceStore {
  const table = createTableClient(options);

  async function getItem(deviceId: string, operation: string) {
    return table.get(deviceKey(deviceId), operation);
  }

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

    async loadSession(deviceId, sessionId, now) {
      const item = await getItem(deviceId, "loadSession");
      const session = item ? sessionFromItem(item) : undefined;
      if (!item || !session || !sameSecret(session.id, sessionId) || !isLive(session, now)) {
        return undefined;
      }
      return { device: deviceFromItem(item), session };
    },

    async saveSession(session, changes) {
      const update = expressionBuilder().set("session", session);
      await updateOwnSession(session, changes, update, "saveSession");
    },

    async closeSession(session, changes, now) {
      const update = expressionBuilder().set("lastSessionEndedAt", now).remove("session");
      await updateOwnSession(session, changes, update, "closeSession");
    },

    async getDevice(deviceId): Promise<DeviceRecord | undefined> {
      const item = await getItem(deviceId, "getDevice");
      return item && isDeviceItem(item) ? deviceFromItem(item) : undefined;
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

  async function updateOwnSession(
    session: SessionState,
    changes: DeviceChanges,
    update: ExpressionBuilder,
    operation: "saveSession" | "closeSession",
  ): Promise<void> {
    addDeviceChanges(update, changes);
    update.condition(sessionIs(session.id));
    const result = await table.update(
      { key: deviceKey(session.deviceId), expression: update },
      operation,
    );
    if (!result.written) throw new SessionLostError(session.deviceId, session.id);
  }
}

/** The Inform's upsert, lease and credential checks in one conditional UpdateItem (see open-session-update.ts). */
async function openSession(
  table: TableClient,
  facts: InformFacts,
  session: SessionState,
  now: number,
  options: OpenSessionOptions,
): Promise<OpenedSession> {
  const result = await table.update(
    {
      key: deviceKey(facts.deviceId),
      expression: openSessionUpdate(facts, session, now, options),
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
  // An item holding only a credential mark (PUT before the first Inform) is no device yet.
  const previous = result.old && isDeviceItem(result.old) ? deviceFromItem(result.old) : undefined;
  const abandoned = result.old ? sessionFromItem(result.old) : undefined;
  return {
    previous,
    device: withoutUndefined<DeviceRecord>({
      ...informed(previous, facts, now),
      taskQueue: previous?.taskQueue ?? [],
      sessionExpiresAt: session.expiresAt,
    }),
    ...(abandoned && { abandoned }),
  };
}
