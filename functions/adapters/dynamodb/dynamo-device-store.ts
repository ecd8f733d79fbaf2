import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { ConnectionRequestStatus, DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { isLive } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionBusyError, SessionLostError } from "../../port-errors.ts";
import type { DeviceStore, InformFacts, OpenedSession } from "../../ports.ts";
import { deviceChanges } from "./device-changes.ts";
import { deviceAfterInform, deviceFromItem, sameSecret, sessionFromItem } from "./device-item.ts";
import { createDeviceListing } from "./dynamo-device-listing.ts";
import { createDeviceRemoval } from "./dynamo-device-removal.ts";
import { createDeviceTags } from "./dynamo-device-tags.ts";
import { deviceIndexKeys, deviceKey } from "./item-layout.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

export interface DynamoStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Key of the listing cursors' HMAC (see list-cursor.ts); without one, a checksum. */
  readonly cursorSecret?: string | Uint8Array;
  /** See DeviceListingOptions.maxQueriesPerPage. @default 32 */
  readonly maxQueriesPerPage?: number;
}

type Names = Record<string, string>;
type Values = Record<string, unknown>;

/** Conditions, named (Powertools style) so the intent reads at the call site. */
const sessionIsFreeOrExpired = "attribute_not_exists(#session) OR #session.#expiresAt <= :now";
const sessionIsOurs = "#session.#sessionId = :sessionId";
const deviceExists = "attribute_exists(#pk)";

export function createDynamoDeviceStore(options: DynamoStoreOptions): DeviceStore {
  const { client, tableName } = options;

  async function update(input: Omit<UpdateCommandInput, "TableName">, operation: string) {
    try {
      return await client.send(new UpdateCommand({ TableName: tableName, ...input }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw error;
      throw translateError(error, operation);
    }
  }

  async function getItem(deviceId: string, operation: string) {
    try {
      const output = await client.send(
        new GetCommand({ TableName: tableName, Key: deviceKey(deviceId), ConsistentRead: true }),
      );
      return output.Item;
    } catch (error) {
      throw translateError(error, operation);
    }
  }

  /** When the blocking lease ends: from the item DynamoDB returns with the failure, else one read. */
  async function liveLeaseEnd(deviceId: string, failure: unknown): Promise<number | undefined> {
    const returned = (failure as { Item?: Record<string, AttributeValue> }).Item;
    if (returned) {
      const expiresAt = returned.session?.M?.expiresAt?.N;
      return expiresAt === undefined ? undefined : Number(expiresAt);
    }
    const item = await getItem(deviceId, "openSession");
    return item ? sessionFromItem(item)?.expiresAt : undefined;
  }

  return {
    async openSession(facts, session, now, options = {}): Promise<OpenedSession> {
      const input = openSessionUpdate(facts, session, now, options.supersede ?? false);
      try {
        const output = await update({ Key: deviceKey(facts.deviceId), ...input }, "openSession");
        const previous = output.Attributes ? deviceFromItem(output.Attributes) : undefined;
        const abandoned = output.Attributes ? sessionFromItem(output.Attributes) : undefined;
        return {
          previous,
          device: {
            ...deviceAfterInform(previous, facts, now),
            sessionExpiresAt: session.expiresAt,
          },
          ...(abandoned && { abandoned }),
        };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // A lease freed in between leaves nothing to wait for: retry at once.
        const leaseEnd = (await liveLeaseEnd(facts.deviceId, error)) ?? now;
        throw new SessionBusyError(facts.deviceId, Math.max(0, leaseEnd - now));
      }
    },

    async loadSession(deviceId, sessionId, now) {
      const item = await getItem(deviceId, "loadSession");
      const session = item ? sessionFromItem(item) : undefined;
      if (!item || !session || !sameSecret(session.id, sessionId) || !isLive(session, now)) {
        return undefined;
      }
      return { device: deviceFromItem(item), session };
    },

    async saveSession(session, changes) {
      const change = deviceChanges(changes);
      const set = ["#session = :session", ...change.set].join(", ");
      await updateOwnSession(
        session,
        {
          UpdateExpression: `SET ${set}${change.remove.length ? ` REMOVE ${change.remove.join(", ")}` : ""}`,
          ExpressionAttributeNames: { ...change.names, "#session": "session" },
          ExpressionAttributeValues: { ...change.values, ":session": session },
        },
        "saveSession",
      );
    },

    async closeSession(session, changes, now) {
      const change = deviceChanges(changes);
      const set = ["#lastSessionEndedAt = :now", ...change.set].join(", ");
      const remove = ["#session", ...change.remove].join(", ");
      await updateOwnSession(
        session,
        {
          UpdateExpression: `SET ${set} REMOVE ${remove}`,
          ExpressionAttributeNames: {
            ...change.names,
            "#session": "session",
            "#lastSessionEndedAt": "lastSessionEndedAt",
          },
          ExpressionAttributeValues: { ...change.values, ":now": now },
        },
        "closeSession",
      );
    },

    async getDevice(deviceId): Promise<DeviceRecord | undefined> {
      const item = await getItem(deviceId, "getDevice");
      return item ? deviceFromItem(item) : undefined;
    },

    async recordConnectionRequest(deviceId: string, status: ConnectionRequestStatus) {
      try {
        await update(
          {
            Key: deviceKey(deviceId),
            UpdateExpression: "SET #lastConnectionRequest = :status",
            ConditionExpression: deviceExists,
            ExpressionAttributeNames: {
              "#pk": "pk",
              "#lastConnectionRequest": "lastConnectionRequest",
            },
            ExpressionAttributeValues: { ":status": status },
          },
          "recordConnectionRequest",
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw new DeviceNotFoundError(deviceId);
        throw error;
      }
    },
    async recordXmppAccount(deviceId, status) {
      try {
        await update(
          {
            Key: deviceKey(deviceId),
            UpdateExpression: "SET #xmppAccount = :status",
            ConditionExpression: deviceExists,
            ExpressionAttributeNames: { "#pk": "pk", "#xmppAccount": "xmppAccount" },
            ExpressionAttributeValues: { ":status": status },
          },
          "recordXmppAccount",
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw new DeviceNotFoundError(deviceId);
        throw error;
      }
    },
    listDevices: createDeviceListing({
      client,
      tableName,
      cursor: { secret: options.cursorSecret },
      maxQueriesPerPage: options.maxQueriesPerPage,
    }),
    deleteDevice: createDeviceRemoval({ client, tableName }),
    setTag: createDeviceTags({ client, tableName }),
  };

  async function updateOwnSession(
    session: SessionState,
    input: {
      UpdateExpression: string;
      ExpressionAttributeNames: Names;
      ExpressionAttributeValues: Values;
    },
    operation: "saveSession" | "closeSession",
  ): Promise<void> {
    try {
      await update(
        {
          Key: deviceKey(session.deviceId),
          UpdateExpression: input.UpdateExpression,
          ConditionExpression: sessionIsOurs,
          ExpressionAttributeNames: { ...input.ExpressionAttributeNames, "#sessionId": "id" },
          ExpressionAttributeValues: {
            ...input.ExpressionAttributeValues,
            ":sessionId": session.id,
          },
        },
        operation,
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new SessionLostError(session.deviceId, session.id, { cause: error });
      }
      throw error;
    }
  }
}

/**
 * The Inform's upsert: identity and Inform facts overwritten, first-time
 * fields initialised with if_not_exists, the generation bumped by ADD on
 * BOOTSTRAP (an attribute may appear in only one clause, hence the branch).
 */
function openSessionUpdate(
  facts: InformFacts,
  session: SessionState,
  now: number,
  supersede: boolean,
) {
  const names: Names = {
    "#session": "session",
    "#gsi1pk": "gsi1pk",
    "#gsi1sk": "gsi1sk",
    "#id": "id",
    "#manufacturer": "manufacturer",
    "#oui": "oui",
    "#productClass": "productClass",
    "#serialNumber": "serialNumber",
    "#firstInformAt": "firstInformAt",
    "#lastInformAt": "lastInformAt",
    "#lastEvents": "lastEvents",
    "#informParameters": "informParameters",
    "#tags": "tags",
    "#taskQueue": "taskQueue",
    "#parameterGeneration": "parameterGeneration",
  };
  const index = deviceIndexKeys(facts.deviceId);
  const values: Values = {
    ":session": session,
    ":now": now,
    ":gsi1pk": index.gsi1pk,
    ":gsi1sk": index.gsi1sk,
    ":deviceId": facts.deviceId,
    ":manufacturer": facts.manufacturer,
    ":oui": facts.oui,
    ":productClass": facts.productClass,
    ":serialNumber": facts.serialNumber,
    ":events": facts.events,
    ":informParameters": facts.informParameters,
    ":noTags": [],
    ":emptyQueue": {},
  };
  const set = [
    "#session = :session",
    "#gsi1pk = :gsi1pk",
    "#gsi1sk = :gsi1sk",
    "#id = :deviceId",
    "#manufacturer = :manufacturer",
    "#oui = :oui",
    "#productClass = :productClass",
    "#serialNumber = :serialNumber",
    "#firstInformAt = if_not_exists(#firstInformAt, :now)",
    "#lastInformAt = :now",
    "#lastEvents = :events",
    "#informParameters = :informParameters",
    "#tags = if_not_exists(#tags, :noTags)",
    "#taskQueue = if_not_exists(#taskQueue, :emptyQueue)",
  ];
  if (facts.connectionRequestUrl !== undefined) {
    names["#connectionRequestUrl"] = "connectionRequestUrl";
    values[":connectionRequestUrl"] = facts.connectionRequestUrl;
    set.push("#connectionRequestUrl = :connectionRequestUrl");
  }
  if (facts.connReqJabberId !== undefined) {
    names["#connReqJabberId"] = "connReqJabberId";
    values[":connReqJabberId"] = facts.connReqJabberId;
    set.push("#connReqJabberId = :connReqJabberId");
  }
  let add = "";
  if (facts.bootstrap) {
    values[":one"] = 1;
    add = " ADD #parameterGeneration :one";
  } else {
    values[":firstGeneration"] = 0;
    set.push("#parameterGeneration = if_not_exists(#parameterGeneration, :firstGeneration)");
  }
  return {
    UpdateExpression: `SET ${set.join(", ")}${add}`,
    // A superseding Inform (core/session/lease.ts) takes the lease whoever holds it.
    ...(!supersede && { ConditionExpression: sessionIsFreeOrExpired }),
    ExpressionAttributeNames: supersede ? names : { ...names, "#expiresAt": "expiresAt" },
    ExpressionAttributeValues: values,
    ReturnValues: "ALL_OLD" as const,
    // Real DynamoDB returns the blocking item with the failure (no second read);
    // dynalite ignores it and retryAfterMs falls back to one GetItem.
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}
