import type { CampaignRecord } from "../model/campaign.ts";

/** One stage's finished tasks, as the progress store counts them. */
export interface StageOutcomes {
  readonly stage: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failedDevices: readonly string[];
}

/** Progress with names that cannot be misread (the API's `progress`). */
export interface CampaignProgress {
  /** Devices the filter matched; null while they are being counted. */
  readonly matched: number | null;
  /** Matched devices not given the task yet. */
  readonly pending: number;
  /** Task queued, not ended yet. */
  readonly inProgress: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Never carried out: cancelled, campaign halted or cancelled, not applicable, deleted. */
  readonly skipped: number;
}

const none = { succeeded: 0, failed: 0, skipped: 0 };

/** The counters of one stage (zero when nothing in it finished yet). */
export function stageOutcomes(
  outcomes: readonly StageOutcomes[],
  stage: number,
): { readonly succeeded: number; readonly failed: number; readonly skipped: number } {
  return outcomes.find((entry) => entry.stage === stage) ?? none;
}

/** Every stage's counters added up. */
export function totalOutcomes(outcomes: readonly StageOutcomes[]) {
  return outcomes.reduce(
    (sum, entry) => ({
      succeeded: sum.succeeded + entry.succeeded,
      failed: sum.failed + entry.failed,
      skipped: sum.skipped + entry.skipped,
    }),
    none,
  );
}

/**
 * The campaign's progress from its record (devices taken into stages) and the outcomes counted
 * as tasks ended. A completed campaign has nothing pending even if devices left the fleet since
 * they were counted.
 */
export function campaignProgress(
  campaign: Pick<CampaignRecord, "matched" | "assigned" | "status">,
  outcomes: readonly StageOutcomes[],
): CampaignProgress {
  const total = totalOutcomes(outcomes);
  const finished = total.succeeded + total.failed + total.skipped;
  const matched = campaign.matched ?? null;
  const pending =
    matched === null || campaign.status === "completed"
      ? 0
      : Math.max(0, matched - campaign.assigned);
  return {
    matched,
    pending,
    inProgress: Math.max(0, campaign.assigned - finished),
    ...total,
  };
}
