import { type DeviceRecord, deviceChangeableFields } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import type { DeviceChanges } from "../ports.ts";

/**
 * What one HTTP exchange has done so far that the session write must carry: the tasks leaving
 * the device's queue, and the device as the exchange's steps left it (profile memory, sealed
 * secrets, XMPP account). Each step returns a new one; the session is saved or closed with it
 * once (no extra request).
 */
export interface Exchange {
  /** The device as this exchange loaded it. */
  readonly loaded: DeviceRecord;
  /** The device as the exchange's steps left it. */
  readonly device: DeviceRecord;
  readonly dequeue: readonly string[];
  /** What the next exchange reads with the session (unsaved-send.ts); absent: nothing extra. */
  readonly readAhead?: ReadAhead;
}

/** The task the session cookie names, which the next exchange's session read includes. */
export interface ReadAhead {
  readonly taskId: string;
  /** The session as this exchange loaded it. */
  readonly loaded: SessionState;
}

export function startExchange(
  device: DeviceRecord,
  dequeue: readonly string[] = [],
  readAhead?: ReadAhead,
): Exchange {
  return { loaded: device, device, dequeue, ...(readAhead && { readAhead }) };
}

/** The exchange with these tasks leaving the queue. */
export function leaving(exchange: Exchange, taskIds: readonly string[]): Exchange {
  const fresh = taskIds.filter((id) => !exchange.dequeue.includes(id));
  return fresh.length === 0 ? exchange : { ...exchange, dequeue: [...exchange.dequeue, ...fresh] };
}

export function withDevice(exchange: Exchange, device: DeviceRecord): Exchange {
  return { ...exchange, device };
}

/**
 * The one place the exchange's device changes are worked out for the store: the fields the
 * steps replaced (they never edit a record in place, so a replaced field is a new object).
 */
export function exchangeChanges(exchange: Exchange): DeviceChanges {
  const { loaded, device } = exchange;
  const changed = deviceChangeableFields.filter((field) => device[field] !== loaded[field]);
  return {
    dequeue: exchange.dequeue,
    ...Object.fromEntries(changed.map((field) => [field, device[field]])),
  };
}
