import { succeededTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import type { CampaignProgressStore, EventSink, Logger } from "../ports.ts";
import { recordCampaignOutcome } from "../tasks/record-campaign-outcome.ts";
import type { DiagnosticsDeps } from "./diagnostics/diagnostics-deps.ts";
import { settleDiagnosticTask } from "./diagnostics/settle-diagnostic-task.ts";
import { recordHeldTask } from "./record-held-task.ts";

/**
 * Makes known a task that the session's conditional write just moved on: its campaign's
 * outcome once it is final (never failing the session), its diagnostic's next state (a
 * diagnostic's SetParameterValues or result read), then TaskCompleted / TaskFaulted.
 */
export async function publishTaskEnd(
  deps: {
    readonly events: EventSink;
    readonly campaignProgress: CampaignProgressStore;
    readonly logger: Logger;
    readonly diagnostics?: DiagnosticsDeps;
  },
  task: TaskRecord,
): Promise<void> {
  await recordCampaignOutcome(deps, task);
  await settleDiagnosticTask(deps, task);
  if (awaitsRetry(task)) await recordHeldTask(deps, task);
  const succeeded = succeededTaskStatuses.has(task.status);
  if (!succeeded && task.status !== "faulted") return;
  await deps.events.publish([
    {
      type: succeeded ? "TaskCompleted" : "TaskFaulted",
      deviceId: task.deviceId,
      at: task.updatedAt,
      taskId: task.id,
      task: task.spec.name,
      ...(task.fault && { fault: { code: task.fault.code, string: task.fault.string } }),
      ...(task.status === "faulted" && task.reason && { reason: task.reason }),
    },
  ]);
}

/**
 * A campaign task a retryable fault (an RPC fault or a failed transfer, task-policy.ts) put back
 * in the queue for a later session: its campaign wakes the device again rather than leaving the
 * retry, and the outcome the halt rule waits for, to the device's next periodic Inform.
 */
function awaitsRetry(task: TaskRecord): task is TaskRecord & { readonly campaignId: string } {
  const last = task.history?.at(-1)?.outcome;
  return (
    task.campaignId !== undefined &&
    task.status === "pending" &&
    (last === "fault" || last === "transfer-fault")
  );
}
