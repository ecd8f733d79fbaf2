import { timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { ProfileState } from "../../core/model/profile-state.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { parseItem } from "./parse-item.ts";
import type { Item } from "./table-client.ts";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * State other layers own and the store only carries (profile memory, the
 * session record): checked for the fields the store itself relies on.
 */
const profileState = z.custom<ProfileState>(
  (value) =>
    isObject(value) && typeof value.generation === "number" && typeof value.status === "string",
  "profile memory with generation and status",
);
const sessionState = z.custom<SessionState>(
  (value) => isObject(value) && typeof value.id === "string" && typeof value.expiresAt === "number",
  "a session with id and expiresAt",
);

/**
 * The device record's fields as the item stores them (see item-layout.ts),
 * one entry per DeviceRecord field (but sessionExpiresAt, the end of the
 * item's `session` lease): the type makes a missing one a compile error. Defaults fill fields that items written before them lack; nested
 * records keep attributes they do not name (written by newer code).
 */
const recordFields = {
  id: z.string(),
  manufacturer: z.string(),
  oui: z.string(),
  productClass: z.string(),
  serialNumber: z.string(),
  firstInformAt: z.number(),
  lastInformAt: z.number(),
  lastEvents: z.array(z.string()),
  connectionRequestUrl: z.optional(z.string()),
  connReqJabberId: z.optional(z.string()),
  udpConnectionRequestAddress: z.optional(z.string()),
  stunBinding: z.optional(
    z.looseObject({
      address: z.string(),
      port: z.number(),
      lastSeen: z.number(),
      bindingChangedAt: z.optional(z.number()),
      server: z.optional(z.string()),
    }),
  ),
  tags: z._default(z.array(z.string()), []),
  informParameters: z.record(z.string(), z.tuple([z.string(), z.string()])),
  parameterGeneration: z._default(z.number(), 0),
  // A map taskId -> sequence on the item; the record lists the ids in FIFO order.
  taskQueue: z.pipe(
    z.optional(z.record(z.string(), z.number())),
    z.transform((queue) => queueOrder(queue ?? {})),
  ),
  lastConnectionRequest: z.optional(
    z.looseObject({
      at: z.number(),
      method: z.enum(["xmpp", "http", "udp", "none"]),
      outcome: z.string(),
      latencyMs: z.optional(z.number()),
      detail: z.optional(z.string()),
      attempts: z.optional(
        z.array(
          z.looseObject({
            method: z.enum(["xmpp", "http", "udp"]),
            outcome: z.string(),
            latencyMs: z.optional(z.number()),
            detail: z.optional(z.string()),
          }),
        ),
      ),
    }),
  ),
  lastSessionEndedAt: z.optional(z.number()),
  provisioning: z.optional(z.record(z.string(), profileState)),
  crSecrets: z.optional(
    z.looseObject({
      crUsername: z.string(),
      crPassword: z.string(),
      xmppUsername: z.optional(z.string()),
      xmppPassword: z.optional(z.string()),
      stunPassword: z.optional(z.string()),
      createdAt: z.number(),
      confirmedGeneration: z.optional(z.number()),
    }),
  ),
  xmppAccount: z.optional(
    z.looseObject({
      status: z.enum(["requested", "created", "exists", "refused", "external"]),
      at: z.number(),
      detail: z.optional(z.string()),
    }),
  ),
  provisioningQuiet: z.optional(z.object({ until: z.number(), fingerprint: z.string() })),
} satisfies Record<Exclude<keyof DeviceRecord, "sessionExpiresAt">, z.ZodMiniType>;

const deviceItem = z.object({ ...recordFields, session: z.optional(sessionState) });
const sessionOfItem = z.object({ session: z.optional(sessionState) });

/** Drops keys whose value is undefined, so records compare equal to what was read back. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Queue map -> task ids in FIFO order: by sequence (createdAt), then by id. */
export function queueOrder(queue: Readonly<Record<string, number>>): string[] {
  return Object.entries(queue)
    .sort(([idA, seqA], [idB, seqB]) => seqA - seqB || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .map(([id]) => id);
}

/** The device record an item holds; StoreItemInvalidError naming the field when it does not fit. */
export function deviceFromItem(item: Item): DeviceRecord {
  const { session, ...record } = parseItem(deviceItem, item);
  return withoutUndefined<DeviceRecord>({ ...record, sessionExpiresAt: session?.expiresAt });
}

/**
 * True for an item an Inform wrote; false for one that holds only a device's credential mark
 * (`ownCredential`, written when a per-device credential is provisioned before the first Inform).
 */
export function isDeviceItem(item: Item): boolean {
  return typeof item.id === "string";
}

/** The live (or expired) session the device item holds, if any. */
export function sessionFromItem(item: Item): SessionState | undefined {
  return parseItem(sessionOfItem, item).session;
}

/** Compares session ids (the cookie's secret half) in constant time. */
export function sameSecret(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, "utf8");
  const b = Buffer.from(presented, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
