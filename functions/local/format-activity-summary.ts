import type { ActivityCounts } from "./activity-counter.ts";

/**
 * One line saying what happened in the last interval, or undefined when nothing did: an idle
 * ACS stays silent after its banner. The time is ISO 8601, as in every log line.
 */
export function formatActivitySummary(counts: ActivityCounts, at: Date): string | undefined {
  const crs = counts.crDelivered + counts.crFailed;
  const parts = [
    plural(counts.sessionEnded, "session"),
    crs > 0 &&
      `${plural(crs, "connection request")}${counts.crFailed > 0 ? ` (${counts.crFailed} failed)` : ""}`,
    counts.taskCompleted > 0 && `${plural(counts.taskCompleted, "task")} done`,
    counts.taskFaulted > 0 && `${plural(counts.taskFaulted, "task")} faulted`,
  ].filter((part): part is string => typeof part === "string");
  if (parts.length === 0) return undefined;
  return `${at.toISOString()}  last minute: ${parts.join(", ")}`;
}

function plural(count: number, noun: string): string | false {
  return count > 0 && `${count} ${noun}${count === 1 ? "" : "s"}`;
}
