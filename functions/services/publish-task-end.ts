import { succeededTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import type { EventSink } from "../ports.ts";

/** TaskCompleted / TaskFaulted for a task that just reached one of those states. */
export async function publishTaskEnd(deps: { events: EventSink }, task: TaskRecord): Promise<void> {
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
