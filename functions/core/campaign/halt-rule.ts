import type { HaltRules, HaltThreshold } from "../model/campaign.ts";

/** Finished devices of a stage or of the whole campaign: carried out, succeeded or failed. */
export interface OutcomeCounts {
  readonly succeeded: number;
  readonly failed: number;
}

/** A tripped rule: which one, and the numbers that tripped it. */
export interface HaltVerdict {
  readonly scope: "stage" | "overall";
  readonly threshold: HaltThreshold;
  readonly failed: number;
  readonly finished: number;
  readonly reason: string;
}

/**
 * A percentage trips once at least `minFinished` devices finished and failed/finished reaches it;
 * a count trips once that many failed. Skipped devices (not applicable, already on the version,
 * cancelled) never carried the task out, so they are not "finished" here: they neither dilute
 * nor raise the failure rate.
 */
export function thresholdTripped(threshold: HaltThreshold, counts: OutcomeCounts): boolean {
  const finished = counts.succeeded + counts.failed;
  if ("failedCount" in threshold) return counts.failed >= threshold.failedCount;
  return (
    finished >= threshold.minFinished && (counts.failed / finished) * 100 >= threshold.failedPercent
  );
}

/** The first rule that trips (the stage's before the overall one), or undefined. */
export function evaluateHalt(
  rules: HaltRules | undefined,
  stage: { readonly index: number } & OutcomeCounts,
  overall: OutcomeCounts,
): HaltVerdict | undefined {
  const checks = [
    { scope: "stage" as const, threshold: rules?.stage, counts: stage },
    { scope: "overall" as const, threshold: rules?.overall, counts: overall },
  ];
  for (const { scope, threshold, counts } of checks) {
    if (threshold === undefined || !thresholdTripped(threshold, counts)) continue;
    const finished = counts.succeeded + counts.failed;
    const where = scope === "stage" ? `stage ${stage.index}` : "overall";
    return {
      scope,
      threshold,
      failed: counts.failed,
      finished,
      reason: `${where}: ${counts.failed} of ${finished} finished devices failed, ${describe(threshold)}`,
    };
  }
  return undefined;
}

function describe(threshold: HaltThreshold): string {
  if ("failedCount" in threshold) return `limit ${threshold.failedCount} failed`;
  return `limit ${threshold.failedPercent}% once ${threshold.minFinished} finished`;
}
