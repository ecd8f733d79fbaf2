import { timingSafeEqual } from "node:crypto";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import type { InformFacts } from "../../ports.ts";

/**
 * The device item as the DocumentClient returns it (see item-layout.ts):
 * the DeviceRecord fields, with the queue as a map, the live session, and
 * fields older items may lack.
 */
export type DeviceItem = Omit<
  DeviceRecord,
  "tags" | "parameterGeneration" | "taskQueue" | "sessionExpiresAt"
> & {
  readonly tags?: readonly string[];
  readonly parameterGeneration?: number;
  readonly taskQueue?: Readonly<Record<string, number>>;
  readonly session?: SessionState;
};

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

export function deviceFromItem(item: Record<string, unknown>): DeviceRecord {
  const d = item as unknown as DeviceItem;
  return withoutUndefined<DeviceRecord>({
    id: d.id,
    manufacturer: d.manufacturer,
    oui: d.oui,
    productClass: d.productClass,
    serialNumber: d.serialNumber,
    firstInformAt: d.firstInformAt,
    lastInformAt: d.lastInformAt,
    lastEvents: d.lastEvents,
    connectionRequestUrl: d.connectionRequestUrl,
    connReqJabberId: d.connReqJabberId,
    tags: d.tags ?? [],
    informParameters: d.informParameters,
    parameterGeneration: d.parameterGeneration ?? 0,
    taskQueue: queueOrder(d.taskQueue ?? {}),
    lastConnectionRequest: d.lastConnectionRequest,
    lastSessionEndedAt: d.lastSessionEndedAt,
    provisioning: d.provisioning,
    crSecrets: d.crSecrets,
    xmppAccount: d.xmppAccount,
    sessionExpiresAt: d.session?.expiresAt,
  });
}

/** Compares session ids (the cookie's secret half) in constant time. */
export function sameSecret(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, "utf8");
  const b = Buffer.from(presented, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sessionFromItem(item: Record<string, unknown>): SessionState | undefined {
  return (item as unknown as DeviceItem).session;
}

/**
 * The registry entry after an Inform, computed from the entry before it the
 * same way openSession's UpdateExpression changes the item (so it costs no read).
 */
export function deviceAfterInform(
  previous: DeviceRecord | undefined,
  facts: InformFacts,
  now: number,
): DeviceRecord {
  return withoutUndefined<DeviceRecord>({
    id: facts.deviceId,
    manufacturer: facts.manufacturer,
    oui: facts.oui,
    productClass: facts.productClass,
    serialNumber: facts.serialNumber,
    firstInformAt: previous?.firstInformAt ?? now,
    lastInformAt: now,
    lastEvents: [...facts.events],
    connectionRequestUrl: facts.connectionRequestUrl ?? previous?.connectionRequestUrl,
    connReqJabberId: facts.connReqJabberId ?? previous?.connReqJabberId,
    tags: previous?.tags ?? [],
    informParameters: facts.informParameters,
    parameterGeneration: (previous?.parameterGeneration ?? 0) + (facts.bootstrap ? 1 : 0),
    taskQueue: previous?.taskQueue ?? [],
    lastConnectionRequest: previous?.lastConnectionRequest,
    lastSessionEndedAt: previous?.lastSessionEndedAt,
    provisioning: previous?.provisioning,
    crSecrets: previous?.crSecrets,
    xmppAccount: previous?.xmppAccount,
  });
}
