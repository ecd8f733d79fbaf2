import { afterDiagnosticTask } from "../../core/diagnostics/diagnostic-lifecycle.ts";
import type { TaskRecord } from "../../core/model/task.ts";
import { saveDiagnostic } from "./diagnostic-ended.ts";
import type { WithDiagnostics } from "./diagnostics-deps.ts";

/**
 * A diagnostic's task moved on (publish-task-end.ts): its SetParameterValues accepted makes it
 * running, its result read ends it (core/diagnostics/diagnostic-lifecycle.ts), a failed task
 * fails it. A store failure here is logged, never fails the session: the diagnostic then
 * times out at its deadline.
 */
export async function settleDiagnosticTask(deps: WithDiagnostics, task: TaskRecord): Promise<void> {
  const { diagnostics } = deps;
  if (!diagnostics || task.diagnosticId === undefined) return;
  try {
    const record = await diagnostics.store.getDiagnostic(task.diagnosticId);
    const next = record && afterDiagnosticTask(record, task, task.updatedAt);
    if (record && next) await saveDiagnostic({ ...deps, diagnostics }, next, record.state);
  } catch (error) {
    deps.logger.error("diagnostic not updated after its task", {
      deviceId: task.deviceId,
      taskId: task.id,
      diagnosticId: task.diagnosticId,
      error: String(error),
    });
  }
}
