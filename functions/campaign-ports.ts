import type { CampaignRecord, CampaignStatus } from "./core/model/campaign.ts";

/** How a campaign's task ended, from the campaign's point of view. */
export type CampaignOutcome = "succeeded" | "failed" | "skipped";

/** A stage keeps the ids of its first this many failed devices (the halt reason names them). */
export const maxFailedDevicesPerStage = 50;

/**
 * A campaign keeps at most this many held tasks for its resume; past it a held task is dropped
 * (logged) and runs at its device's next periodic Inform instead.
 */
export const maxHeldTasks = 1000;

/** A campaign task a session held because its campaign was paused: its device is woken on resume. */
export interface HeldTask {
  readonly taskId: string;
  readonly deviceId: string;
}

/** One stage's finished tasks, as recorded when each reached a final status. */
export interface CampaignStageProgress {
  readonly stage: number;
  /** Final status done or verified. */
  readonly succeeded: number;
  /** Final status faulted or expired. */
  readonly failed: number;
  /** Never carried out: cancelled (by the operator, or because the campaign halted or was cancelled). */
  readonly skipped: number;
  /** Devices whose task failed, the first 50 of the stage (for the halt reason). */
  readonly failedDevices: readonly string[];
}

/**
 * Campaign progress as the CWMP session and the API see it: outcomes are counted when a task
 * ends (one UpdateItem on a per-stage counter item, never the campaign item the runner saves with
 * optimistic concurrency), and the campaign's status is read before a campaign task is sent.
 */
export interface CampaignProgressStore {
  /**
   * Adds one to the stage's counter for `outcome` (and keeps a failed device's id). Called once
   * per campaign task, after the conditional write that made it final succeeded; a crash between
   * the two loses that count (at most once), never doubles it.
   */
  recordOutcome(input: {
    readonly campaignId: string;
    readonly stage: number;
    readonly outcome: CampaignOutcome;
    readonly deviceId: string;
  }): Promise<void>;
  /** Every stage's counters, stage order; stages with nothing finished may be absent. */
  readProgress(campaignId: string): Promise<readonly CampaignStageProgress[]>;
  /** The campaign's status (the gate before sending its task); undefined when it is gone. */
  getCampaignStatus(campaignId: string): Promise<CampaignStatus | undefined>;
  /**
   * Notes a task the gate held (paused campaign) after its device's session came in: the runner
   * woke that device already and would not wake it again. Kept while fewer than `maxHeldTasks`
   * are noted, else dropped: false (the caller logs it). The same task may be noted more than once.
   */
  recordHeld(input: {
    readonly campaignId: string;
    readonly taskId: string;
    readonly deviceId: string;
  }): Promise<boolean>;
  /** Removes and returns the held tasks (once each by taskId, oldest first): the runner's resume. */
  takeHeld(campaignId: string): Promise<readonly HeldTask[]>;
}

/** Bulk operations: campaign records, saved with optimistic concurrency. */
export interface CampaignStore {
  createCampaign(campaign: CampaignRecord): Promise<void>;
  getCampaign(id: string): Promise<CampaignRecord | undefined>;
  /** Campaigns still running (the runner's work; paused ones wait), oldest first. */
  listRunning(): Promise<CampaignRecord[]>;
  /** One page of campaigns, of one status or all (by status, then oldest first). */
  listCampaigns(query: CampaignQuery): Promise<CampaignPage>;
  /** Saves `campaign` (whose version is one more than stored) unless someone saved first: CampaignConflictError. */
  saveCampaign(campaign: CampaignRecord): Promise<void>;
}

export interface CampaignQuery {
  readonly status?: CampaignStatus;
  readonly limit: number;
  /** Opaque, from the previous page. Throws InvalidCursorError when tampered with. */
  readonly cursor?: string;
}

export interface CampaignPage {
  readonly campaigns: readonly CampaignRecord[];
  /** Present when more may follow. */
  readonly cursor?: string;
}
