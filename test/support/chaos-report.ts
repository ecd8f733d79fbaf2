import { percentile } from "../../functions/simulator/fleet-stats.ts";
import type { SessionResult } from "../../functions/simulator/session-client.ts";

/** One session of one simulated CPE, as the CPE saw it (black box: nothing from the ACS). */
export interface ObservedSession {
  readonly serial: string;
  /** Epoch ms, the process clock (the local ACS uses the same one). */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly kind: SessionResult["kind"];
  /** Set on a 503: the Retry-After the ACS gave, seconds. */
  readonly retryAfterSec?: number;
  readonly events: readonly string[];
  /** The ACS RPCs received, as signatures (functions/simulator/rpc-signature.ts). */
  readonly rpcs: readonly string[];
}

/** How many times each RPC signature arrived in one session. */
export function rpcHistogram(session: ObservedSession): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rpc of session.rpcs) counts[rpc] = (counts[rpc] ?? 0) + 1;
  return counts;
}

export interface RepeatedRpc {
  readonly serial: string;
  readonly startedAtMs: number;
  readonly signature: string;
  readonly count: number;
}

/** Every signature that came more than once in one session: the ACS looped an RPC. */
export function repeatedRpcs(sessions: readonly ObservedSession[]): RepeatedRpc[] {
  return sessions.flatMap((session) =>
    Object.entries(rpcHistogram(session))
      .filter(([, count]) => count > 1)
      .map(([signature, count]) => ({
        serial: session.serial,
        startedAtMs: session.startedAtMs,
        signature,
        count,
      })),
  );
}

/** One run of consecutive 503 answers to a device, until it got a session again. */
export interface Refusal {
  readonly serial: string;
  readonly firstAtMs: number;
  /** The Retry-After of each 503 in the run, seconds. */
  readonly retryAfterSec: readonly (number | undefined)[];
  /** From the first 503 to the start of the next session the ACS took (or the end of the run). */
  readonly refusedMs: number;
  /** The run was still going when the fleet stopped. */
  readonly ongoing: boolean;
}

/** Runs of 503s per device; `endMs` closes a run the device never got out of. */
export function refusals(sessions: readonly ObservedSession[], endMs: number): Refusal[] {
  const found: Refusal[] = [];
  for (const own of bySerial(sessions).values()) {
    let run: ObservedSession[] = [];
    const close = (untilMs: number, ongoing: boolean) => {
      const first = run[0];
      if (first === undefined) return;
      found.push({
        serial: first.serial,
        firstAtMs: first.startedAtMs,
        retryAfterSec: run.map((session) => session.retryAfterSec),
        refusedMs: untilMs - first.startedAtMs,
        ongoing,
      });
      run = [];
    };
    for (const session of own) {
      if (session.kind === "busy") run.push(session);
      else close(session.startedAtMs, false);
    }
    close(endMs, true);
  }
  return found;
}

/**
 * Sessions the ACS took (not refused with 503) of one device that overlapped [fromMs, toMs]:
 * a session under way when a task was queued can already carry it.
 */
export function sessionsBetween(
  sessions: readonly ObservedSession[],
  fromMs: number,
  toMs: number,
): ObservedSession[] {
  return sessions.filter(
    (session) =>
      session.kind !== "busy" && session.endedAtMs >= fromMs && session.startedAtMs <= toMs,
  );
}

/**
 * A periodic session in which the ACS sent nothing: the device's timer fired while its tasks
 * waited for something else (a transfer, a reboot). How many of these fall into a window
 * depends on wall time (and so on the machine's load), not on the ACS's decisions.
 */
export function isIdlePeriodic(session: ObservedSession): boolean {
  return session.rpcs.length === 0 && session.events.every((code) => code === "2 PERIODIC");
}

/** In how many sessions the device received an RPC with this signature. */
export function sendsOf(sessions: readonly ObservedSession[], signature: string): number {
  return sessions.filter((session) => session.rpcs.includes(signature)).length;
}

/** Each device's sessions, oldest first. */
export function bySerial(sessions: readonly ObservedSession[]): Map<string, ObservedSession[]> {
  const map = new Map<string, ObservedSession[]>();
  for (const session of sessions) {
    const own = map.get(session.serial) ?? [];
    own.push(session);
    map.set(session.serial, own);
  }
  for (const own of map.values()) own.sort((a, b) => a.startedAtMs - b.startedAtMs);
  return map;
}

export interface Spread {
  readonly max: number | undefined;
  readonly p50: number | undefined;
  readonly p90: number | undefined;
  readonly p99: number | undefined;
}

export function spread(samples: readonly number[]): Spread {
  return {
    max: samples.length === 0 ? undefined : Math.max(...samples),
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
  };
}

/** Counts by key, e.g. tasks by final status. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
