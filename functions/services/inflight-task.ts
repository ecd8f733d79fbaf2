import type { InflightTaskRpc, SessionState } from "../core/model/session-state.ts";
import type { TaskRecord } from "../core/model/task.ts";
import type { TaskStore } from "../ports.ts";
import { sessionTag } from "./session-tag.ts";

/**
 * Above this size (JSON bytes) a sent task is not carried in the session: the session lives on
 * the lease item, which must stay under 1 KB so that each session write costs one write unit.
 * Measured with dynalite (test/e2e/session-request-budget.test.ts): a lease item with its
 * session and one queued task took a carried copy of about 370 bytes before a write cost 2 units;
 * 256 leaves room for longer device ids and a few more queued tasks. A one-parameter
 * GetParameterValues is about 210 bytes.
 */
export const maxCarriedTaskBytes = 256;

type CarriedTask = NonNullable<InflightTaskRpc["task"]>;

/**
 * The task to carry in the session with its RPC in flight (without the ids the session holds),
 * or undefined: too large, or holding sealed secret values (those stay on the task item alone).
 */
export function carriedTask(task: TaskRecord): CarriedTask | undefined {
  if ("sealedValues" in task.spec || "sealedPassword" in task.spec) return undefined;
  // `sent` is the session's own send: rebuilt from the session when read (inflightTask).
  const { id: _id, deviceId: _deviceId, sent: _sent, ...carried } = task;
  return Buffer.byteLength(JSON.stringify(carried), "utf8") <= maxCarriedTaskBytes
    ? carried
    : undefined;
}

/**
 * The in-flight task as the send left it: carried in the session, else read. The carried copy
 * may be stale only if someone moved the task on meanwhile (cancelled through the API); every
 * write from it is conditional on `running`, and a refused one reads the task then.
 */
export async function inflightTask(
  tasks: TaskStore,
  session: Pick<SessionState, "id" | "deviceId">,
  inflight: InflightTaskRpc,
): Promise<TaskRecord | undefined> {
  if (inflight.task?.status !== "running") return tasks.getTask(inflight.taskId);
  const sent = { at: inflight.sentAt, session: sessionTag(session.id) };
  return { ...inflight.task, id: inflight.taskId, deviceId: session.deviceId, sent };
}
