import type { DeviceFilter } from "./device-filter.ts";
import type { TaskSpec } from "./task.ts";

/** How fast a campaign wakes devices, so a roll-out does not stampede the ACS. */
export interface CampaignRate {
  /** Connection requests sent per second at most. */
  readonly connectionRequestsPerSecond: number;
  /** Devices woken by the campaign whose task has not ended yet, at most. */
  readonly maxInSession: number;
}

/**
 * running: stages proceed; paused: nothing new is queued or woken and queued campaign tasks are
 * held (not sent); halted: a failure threshold tripped, final, queued tasks never run;
 * cancelled: by the operator, final, queued tasks never run; completed: every stage ended.
 */
export type CampaignStatus = "running" | "paused" | "halted" | "cancelled" | "completed";

/** Statuses in which a campaign's queued tasks may be sent to their CPEs. */
export const campaignStatusesThatSend: ReadonlySet<CampaignStatus> = new Set(["running"]);

export interface CampaignCounts {
  /** Tasks queued (one per matching device). */
  readonly queued: number;
  /** Connection requests sent. */
  readonly woken: number;
  readonly done: number;
  readonly faulted: number;
  /** The connection request failed for good; the task stays queued for the next Inform. */
  readonly unreachable: number;
  /** Ended otherwise (cancelled, expired) or still open when it left the window. */
  readonly other: number;
}

/** A task the campaign woke and is watching until it ends. */
export interface CampaignWatch {
  readonly taskId: string;
  readonly deviceId: string;
  readonly wokenAt: number;
}

export interface CampaignRecord {
  readonly id: string;
  /** Which devices the campaign targets: the device listing's filters. */
  readonly filter: DeviceFilter;
  readonly task: TaskSpec;
  readonly rate: CampaignRate;
  readonly status: CampaignStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Optimistic concurrency: each save bumps it; a stale save fails. */
  readonly version: number;
  /** Device-listing cursor; absent at the start, "" once every device was queued. */
  readonly cursor?: string;
  /** Tasks queued but not woken yet, oldest first (bounded by one listing page). */
  readonly toWake: readonly { readonly taskId: string; readonly deviceId: string }[];
  /** Woken tasks not ended yet (at most rate.maxInSession). */
  readonly watching: readonly CampaignWatch[];
  readonly counts: CampaignCounts;
  /** Epoch ms when the runner may send the next connection request. */
  readonly nextWakeAt: number;
  /** The runner holding the campaign (one at a time, across sender instances), until when. */
  readonly runner?: { readonly id: string; readonly until: number };
}

export const emptyCampaignCounts: CampaignCounts = {
  queued: 0,
  woken: 0,
  done: 0,
  faulted: 0,
  unreachable: 0,
  other: 0,
};
