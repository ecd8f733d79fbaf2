import { isLaterDigestUse } from "../../core/auth/digest-use.ts";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { informDigest } from "../../core/session/inform-digest.ts";
import { isLive, remainingMs } from "../../core/session/lease.ts";
import {
  DigestReplayError,
  SessionBusyError,
  SharedCredentialRefusedError,
} from "../../port-errors.ts";
import type { InformFacts, OpenedSession, OpenSessionOptions } from "../../ports.ts";
import { queueOrder } from "../dynamodb/device-item.ts";
import { unchangedInform } from "../dynamodb/lease-item.ts";
import { informed } from "../dynamodb/open-session-update.ts";
import { cloneData } from "./clone-data.ts";
import type { MemoryDeviceRow, MemoryTable } from "./memory-table.ts";

/** A row as the store hands it out: the queue in order, the lease end from the session. */
export function memoryRecordOf(row: MemoryDeviceRow): DeviceRecord {
  return cloneData({
    ...row.device,
    taskQueue: queueOrder(Object.fromEntries(row.queue)),
    ...(row.session && { sessionExpiresAt: row.session.expiresAt }),
  });
}

/**
 * DeviceStore.openSession on the memory rows, with the DynamoDB adapter's semantics: refusals
 * in the order it names them (open-session-refusal.ts), and only the lease written when the
 * Inform's facts are those recorded (dynamo-device-store.ts).
 */
export function memoryOpenSession(
  table: MemoryTable,
  request: {
    readonly facts: InformFacts;
    readonly session: SessionState;
    readonly now: number;
    readonly options: OpenSessionOptions;
  },
): OpenedSession {
  const { facts, session, now, options } = request;
  const row = table.devices.get(facts.deviceId);
  const held = row?.session;
  if (options.sharedCredential && table.ownCredentials.has(facts.deviceId)) {
    throw new SharedCredentialRefusedError(facts.deviceId);
  }
  const lastUse = table.digestUses.get(facts.deviceId);
  if (options.digest && !isLaterDigestUse(lastUse, options.digest)) {
    throw new DigestReplayError(facts.deviceId);
  }
  if (!options.supersede && isLive(held, now)) {
    throw new SessionBusyError(facts.deviceId, remainingMs(held, now));
  }
  if (options.digest) table.digestUses.set(facts.deviceId, { ...options.digest });
  const quiet = row?.device.provisioningQuiet;
  const head = row ? queueOrder(Object.fromEntries(row.queue))[0] : undefined;
  const pending = {
    queuedTasks: row?.queue.size ?? 0,
    ...(head !== undefined && { headTaskId: head }),
    ...(quiet && { provisioningQuiet: cloneData(quiet) }),
  };
  const digest = informDigest(facts);
  if (row && row.informDigest === digest && !held && !facts.bootstrap) {
    row.session = cloneData(session);
    row.device = { ...row.device, lastInformAt: now, lastEvents: [...facts.events] };
    return unchangedInform(pending);
  }
  const previous = row ? memoryRecordOf(row) : undefined;
  const next: MemoryDeviceRow = {
    device: cloneData(informed(row?.device, facts, now)),
    queue: new Map(row?.queue),
    session: cloneData(session),
    informDigest: digest,
  };
  table.devices.set(facts.deviceId, next);
  return {
    inform: "recorded",
    previous,
    device: memoryRecordOf(next),
    newDevice: previous === undefined,
    ...(held && { abandoned: cloneData(held) }),
    pending,
  };
}
