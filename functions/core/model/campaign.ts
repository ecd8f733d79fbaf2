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

/**
 * Statuses in which a campaign's queued tasks may be sent to their CPEs. A completed campaign's
 * leftovers (a device offline when its stage timed out) still run when the device comes back:
 * every stage passed its halt rules, so the operator's intent stands.
 */
export const campaignStatusesThatSend: ReadonlySet<CampaignStatus> = new Set([
  "running",
  "completed",
]);

/** A failure threshold: a share of finished devices once enough finished, or an absolute count. */
export type HaltThreshold =
  | { readonly failedPercent: number; readonly minFinished: number }
  | { readonly failedCount: number };

/** When a campaign stops itself: per the current stage, and over the whole campaign. */
export interface HaltRules {
  readonly stage?: HaltThreshold;
  readonly overall?: HaltThreshold;
}

/** Waves after the canary: a fixed number of devices, or a percentage of the matched devices. */
export type WaveSize = { readonly size: number } | { readonly percent: number };

/** How the matched devices are split into stages (a canary, then waves). */
export interface CampaignStages {
  /** Devices in the first stage; none: the first wave starts at once. */
  readonly canary?: number;
  /** Size of each wave; none: one wave takes every device left. */
  readonly waves?: WaveSize;
  /** The least time between a stage's end and the next stage's start. */
  readonly soakSeconds: number;
  /** A stage whose tasks have not all finished ends anyway after this long (they stay queued). */
  readonly stageTimeoutSeconds: number;
}

export const defaultStageTimeoutSeconds = 900;

/** UTC times of day, "HH:MM"; `end` before `start` wraps midnight. */
export interface MaintenanceWindow {
  readonly start: string;
  readonly end: string;
}

/** Why and where a campaign stopped itself. */
export interface CampaignHalt {
  readonly at: number;
  readonly stage: number;
  /** Which rule tripped, with its numbers. */
  readonly reason: string;
  readonly failedDevices: readonly string[];
}

/** The stage being rolled out (the counters the runner keeps; outcomes are in the progress store). */
export interface CampaignStageState {
  readonly index: number;
  readonly startedAt: number;
  /** Set when every task of the stage finished, or the stage timed out. */
  readonly endedAt?: number;
  /** Devices taken into the stage: tasks queued plus devices skipped (not applicable). */
  readonly assigned: number;
  /** Devices skipped by the runner (recorded `skipped` at once, never woken). */
  readonly notApplicable: number;
  /** Connection requests sent in this stage. */
  readonly woken: number;
}

export interface CampaignRecord {
  readonly id: string;
  /** Which devices the campaign targets: the device listing's filters. */
  readonly filter: DeviceFilter;
  readonly task: TaskSpec;
  readonly rate: CampaignRate;
  readonly stages: CampaignStages;
  readonly maintenanceWindow?: MaintenanceWindow;
  readonly haltWhen?: HaltRules;
  readonly status: CampaignStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Optimistic concurrency: each save bumps it; a stale save fails. */
  readonly version: number;
  /** While the matching devices are being counted: the count so far and where the count resumes. */
  readonly counting?: { readonly counted: number; readonly cursor?: string };
  /** Devices the filter matched when counted (absent while counting). */
  readonly matched?: number;
  /** Device-listing cursor of the roll-out; absent at the start, "" once every device was listed. */
  readonly cursor?: string;
  /** The current stage; absent until the first one starts. */
  readonly stage?: CampaignStageState;
  /** Devices taken into any stage so far (tasks queued plus devices skipped). */
  readonly assigned: number;
  /**
   * Tasks queued but not woken yet, oldest first (bounded by one listing page), after the held
   * tasks of a resume (`rewake`, bounded by the progress store's held list): devices woken once
   * already whose session came while paused, woken again without counting them woken twice.
   */
  readonly toWake: readonly {
    readonly taskId: string;
    readonly deviceId: string;
    readonly rewake?: true;
  }[];
  /** Epoch ms when the runner may send the next connection request. */
  readonly nextWakeAt: number;
  readonly halt?: CampaignHalt;
  /** When the operator paused it (set while paused): a stage's timeout does not run meanwhile. */
  readonly pausedAt?: number;
  /**
   * Set on resume: devices woken before the pause may have come in while paused, their task held
   * (not sent) and their session spent. The runner's next step takes the tasks the sessions
   * noted as held, wakes those devices again first, and clears it.
   */
  readonly rewakeHeld?: true;
  /**
   * When the runner last took the tasks waiting to be woken again: besides those held while
   * paused, a campaign task that a retryable fault put back in its queue (its device's session is
   * spent) is noted the same way, and the runner takes them every `heldCheckMs`.
   */
  readonly heldCheckedAt?: number;
  /** The runner holding the campaign (one at a time, across sender instances), until when. */
  readonly runner?: { readonly id: string; readonly until: number };
}
