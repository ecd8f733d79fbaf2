import type { DiagnosticRecord } from "../../core/diagnostics/diagnostic.ts";
import { readingResult } from "../../core/diagnostics/diagnostic-lifecycle.ts";
import { queueTask } from "../../tasks/queue-task.ts";
import { currentDiagnostic, saveDiagnostic } from "./diagnostic-ended.ts";
import type { DiagnosticsDeps, WithDiagnosticTasks } from "./diagnostics-deps.ts";

/** TR-069 3.7.1.5 Table 7: a diagnostic the ACS requested has completed. */
export const diagnosticsCompleteEvent = "8 DIAGNOSTICS COMPLETE";

/** Open diagnostics are among a device's most recent (one per type is open at most). */
const recentDiagnostics = 20;

/**
 * An Inform with `8 DIAGNOSTICS COMPLETE` (the event does not say which test): every open
 * diagnostic of the device whose SetParameterValues the CPE accepted gets a GetParameterValues
 * of its test object, queued now so this session's first empty POST finds it. One not yet
 * accepted is left alone (its object still holds an earlier run's results); one past its
 * deadline ends timed out. A store failure is logged, never fails the session.
 */
export async function readDiagnosticResults(
  deps: WithDiagnosticTasks,
  deviceId: string,
  events: readonly string[],
  now: number,
): Promise<void> {
  const { diagnostics } = deps;
  if (!diagnostics || !events.includes(diagnosticsCompleteEvent)) return;
  try {
    const recent = await diagnostics.store.listDiagnostics(deviceId, recentDiagnostics);
    for (const record of recent) await readResult({ ...deps, diagnostics }, record, now);
  } catch (error) {
    deps.logger.error("diagnostic results not requested", { deviceId, error: String(error) });
  }
}

async function readResult(
  deps: WithDiagnosticTasks & { readonly diagnostics: DiagnosticsDeps },
  record: DiagnosticRecord,
  now: number,
): Promise<void> {
  const current = await currentDiagnostic(deps, record, now);
  if (current.state !== "running" && current.state !== "requested") return;
  if (current.state === "requested" && !(await requestAccepted(deps, current))) return;
  const queued = await queueTask(
    { ...deps, taskDefaults: deps.diagnostics.taskDefaults },
    {
      deviceId: current.deviceId,
      spec: { name: "getParameterValues", parameterNames: [current.objectPath] },
      now,
      origin: { diagnosticId: current.id },
    },
  );
  if (queued.kind !== "created") return;
  await saveDiagnostic(deps, readingResult(current, queued.task.id, now), current.state);
}

/** Its SetParameterValues is done (the record may not have heard yet). */
async function requestAccepted(
  deps: WithDiagnosticTasks,
  record: DiagnosticRecord,
): Promise<boolean> {
  return (await deps.tasks.getTask(record.requestTaskId))?.status === "done";
}
