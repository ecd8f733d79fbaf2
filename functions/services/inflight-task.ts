import type { InflightTaskRpc } from "../core/model/session-state.ts";
import type { TaskRecord } from "../core/model/task.ts";
import type { TaskStore } from "../ports.ts";

/**
 * Above this size (JSON bytes) a sent task is not carried in the session: the session lives on
 * the lease item, which stays small enough for one write unit (1 KB) per session write.
 */
export const maxCarriedTaskBytes = 512;

/**
 * The task to carry in the session with its RPC in flight, or undefined: too large, or holding
 * sealed secret values (those stay on the task item alone).
 */
export function carriedTask(task: TaskRecord): TaskRecord | undefined {
  if ("sealedValues" in task.spec || "sealedPassword" in task.spec) return undefined;
  return Buffer.byteLength(JSON.stringify(task), "utf8") <= maxCarriedTaskBytes ? task : undefined;
}

/**
 * The in-flight task as the send left it: carried in the session, else read. The carried copy
 * may be stale only if someone moved the task on meanwhile (cancelled through the API); every
 * write from it is conditional on `running`, and a refused one reads the task then.
 */
export async function inflightTask(
  tasks: TaskStore,
  inflight: InflightTaskRpc,
): Promise<TaskRecord | undefined> {
  return inflight.task?.status === "running" && inflight.task.id === inflight.taskId
    ? inflight.task
    : tasks.getTask(inflight.taskId);
}
