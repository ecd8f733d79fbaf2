import { reportedSoftwareVersion } from "../campaign/file-applicability.ts";
import {
  type ConnectionRequestReadiness,
  connectionRequestReadiness,
} from "../model/connection-request-readiness.ts";
import type { DeviceRecord } from "../model/device.ts";

/**
 * What the fleet summary needs of one device: attributes that rarely change, so the device
 * index (gsi1) can carry them without a session write touching the index (see
 * adapters/dynamodb/table-definition.ts for what each costs).
 */
export interface FleetSummaryRow {
  readonly productClass: string;
  /** DeviceInfo.SoftwareVersion as last informed. */
  readonly softwareVersion?: string;
  readonly connReqJabberId?: string;
  readonly connectionRequestUrl?: string;
  /** The UTC hour of the last Inform (`lastSeenHourOf`). */
  readonly lastSeenHour?: string;
}

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface FleetSummary {
  /** Epoch ms. */
  readonly generatedAt: number;
  /** False when the time or item budget ran out before every device was counted. */
  readonly complete: boolean;
  readonly devices: number;
  /** Devices whose last Inform fell in the last 24 hours, to the hour (`seenSinceHour`). */
  readonly seenLast24h: number;
  /** Most frequent first; beyond `maxValues` the rest is one `otherValue` entry. */
  readonly byProductClass: readonly ValueCount[];
  readonly bySoftwareVersion: readonly ValueCount[];
  readonly connectionRequest: {
    readonly xmppReady: number;
    readonly httpOnly: number;
    readonly unreachable: number;
  };
}

/** Distinct values a breakdown lists before folding the rest into `otherValue`. */
export const maxSummaryValues = 100;
export const otherValue = "(other)";
export const unknownValue = "(unknown)";

const hourMs = 3_600_000;

/**
 * The UTC hour of an instant, "yyyy-mm-ddThh": sorts as time does. Hour-granular so that a
 * device Informing more often than hourly changes it (and writes the index) at most 24 times
 * a day.
 */
export function lastSeenHourOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 13);
}

/**
 * The first hour counted as "seen in the last 24 h": the hour 24 hours ago, whole. A device
 * counted was seen at most 25 hours ago (never one seen more recently left out).
 */
export function seenSinceHour(now: number): string {
  return lastSeenHourOf(now - 24 * hourMs);
}

/** The row of a full device record (the memory store; the DynamoDB item carries it derived). */
export function fleetSummaryRowOf(device: DeviceRecord): FleetSummaryRow {
  const softwareVersion = reportedSoftwareVersion(device);
  return {
    productClass: device.productClass,
    ...(softwareVersion !== undefined && { softwareVersion }),
    ...(device.connReqJabberId !== undefined && { connReqJabberId: device.connReqJabberId }),
    ...(device.connectionRequestUrl !== undefined && {
      connectionRequestUrl: device.connectionRequestUrl,
    }),
    lastSeenHour: lastSeenHourOf(device.lastInformAt),
  };
}

/** Counts rows as they are read, page by page; `summary` says what was counted so far. */
export interface FleetTally {
  add(rows: readonly FleetSummaryRow[]): void;
  readonly devices: number;
  summary(complete: boolean): FleetSummary;
}

export function createFleetTally(now: number): FleetTally {
  const since = seenSinceHour(now);
  const productClasses = new Map<string, number>();
  const softwareVersions = new Map<string, number>();
  const readiness: Record<ConnectionRequestReadiness, number> = {
    "xmpp-ready": 0,
    "http-only": 0,
    unreachable: 0,
  };
  let devices = 0;
  let seen = 0;
  return {
    add(rows) {
      for (const row of rows) {
        devices += 1;
        if (row.lastSeenHour !== undefined && row.lastSeenHour >= since) seen += 1;
        increment(productClasses, row.productClass || unknownValue);
        increment(softwareVersions, row.softwareVersion || unknownValue);
        readiness[connectionRequestReadiness(row)] += 1;
      }
    },
    get devices() {
      return devices;
    },
    summary: (complete) => ({
      generatedAt: now,
      complete,
      devices,
      seenLast24h: seen,
      byProductClass: ranked(productClasses),
      bySoftwareVersion: ranked(softwareVersions),
      connectionRequest: {
        xmppReady: readiness["xmpp-ready"],
        httpOnly: readiness["http-only"],
        unreachable: readiness.unreachable,
      },
    }),
  };
}

/** The summary of rows at hand (unit tests, small fleets). */
export function summarizeFleetRows(
  rows: readonly FleetSummaryRow[],
  now: number,
  complete = true,
): FleetSummary {
  const tally = createFleetTally(now);
  tally.add(rows);
  return tally.summary(complete);
}

function increment(counts: Map<string, number>, value: string): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/** Most frequent first (ties by value); past `maxSummaryValues` folded into `otherValue`. */
function ranked(counts: ReadonlyMap<string, number>): ValueCount[] {
  const all = [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  if (all.length <= maxSummaryValues) return all;
  const kept = all.slice(0, maxSummaryValues - 1);
  const rest = all.slice(maxSummaryValues - 1).reduce((sum, entry) => sum + entry.count, 0);
  return [...kept, { value: otherValue, count: rest }];
}
