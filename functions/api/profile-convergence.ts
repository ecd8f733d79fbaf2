import type { DeviceRecord } from "../core/model/device.ts";
import type { Profile } from "../core/provisioning/profile.ts";
import { untouchedStanding } from "../core/provisioning/untouched-standing.ts";
import type { DeviceStore } from "../ports.ts";

/** How many devices stand where on one profile. */
export interface ConvergenceCounts {
  converged: number;
  pending: number;
  faulted: number;
  notApplicable: number;
  /** Untouched, and nothing rules the device out: a later session may apply it. */
  waiting: number;
  /** Untouched, and its identity, data model or tags rule the device out. */
  notMatching: number;
}

export interface ProfileConvergence {
  readonly devicesCounted: number;
  /** False when the fleet is larger than the bound: the counts cover the first devices only. */
  readonly complete: boolean;
  readonly byProfile: Readonly<Record<string, ConvergenceCounts>>;
}

export interface ConvergenceBound {
  readonly maxDevices: number;
  readonly pageSize: number;
}

/**
 * A request reads at most this many devices (a few index Queries and key reads,
 * never a table Scan), so `GET /profiles` stays cheap on a large fleet; past it,
 * `complete` is false.
 */
export const defaultConvergenceBound: ConvergenceBound = { maxDevices: 1_000, pageSize: 200 };

/** Each profile's standing counted over the device registry, page by page, up to the bound. */
export async function countConvergence(
  devices: Pick<DeviceStore, "listDevices">,
  profiles: readonly Profile[],
  bound: ConvergenceBound = defaultConvergenceBound,
): Promise<ProfileConvergence> {
  const byProfile = Object.fromEntries(profiles.map((p) => [p.name, zeroCounts()]));
  let counted = 0;
  let cursor: string | undefined;
  // A page may come back short (or empty) with a cursor; bounding the pages bounds the reads.
  const maxPages = 2 * Math.ceil(bound.maxDevices / bound.pageSize);
  for (let page = 0; page < maxPages && counted < bound.maxDevices; page++) {
    const limit = Math.min(bound.pageSize, bound.maxDevices - counted);
    const result = await devices.listDevices({ limit, ...(cursor !== undefined && { cursor }) });
    for (const device of result.devices) tally(byProfile, profiles, device);
    counted += result.devices.length;
    cursor = result.cursor;
    if (cursor === undefined) return { devicesCounted: counted, complete: true, byProfile };
  }
  return { devicesCounted: counted, complete: false, byProfile };
}

function tally(
  byProfile: Record<string, ConvergenceCounts>,
  profiles: readonly Profile[],
  device: DeviceRecord,
): void {
  for (const profile of profiles) {
    const counts = byProfile[profile.name];
    if (counts === undefined) continue;
    const state = device.provisioning?.[profile.name];
    if (state === undefined) {
      const { status } = untouchedStanding(profile.precondition, device);
      if (status === "waiting") counts.waiting += 1;
      else counts.notMatching += 1;
      continue;
    }
    if (state.status === "not-applicable") counts.notApplicable += 1;
    else counts[state.status] += 1;
  }
}

function zeroCounts(): ConvergenceCounts {
  return { converged: 0, pending: 0, faulted: 0, notApplicable: 0, waiting: 0, notMatching: 0 };
}
