import type { DiagnosticRecord } from "../../core/diagnostics/diagnostic.ts";
import { diagnosticAsOf } from "../../core/diagnostics/diagnostic-lifecycle.ts";
import type { DiagnosticsDeps, WithDiagnostics } from "./diagnostics-deps.ts";

/**
 * Saves a diagnostic's next state if the stored one is still `from`; once final, frees its type
 * on the device and publishes DiagnosticsCompleted. True if this call saved it.
 */
export async function saveDiagnostic(
  deps: WithDiagnostics & { readonly diagnostics: DiagnosticsDeps },
  next: DiagnosticRecord,
  from: DiagnosticRecord["state"],
): Promise<boolean> {
  const { store } = deps.diagnostics;
  if (!(await store.updateDiagnostic(next, from))) return false;
  if (next.state !== "completed" && next.state !== "failed" && next.state !== "timedOut")
    return true;
  await store.releaseDiagnostic(next.deviceId, next.type, next.id);
  deps.logger.info("diagnostic ended", {
    deviceId: next.deviceId,
    diagnosticId: next.id,
    diagnostic: next.type,
    state: next.state,
  });
  await deps.events.publish([
    {
      type: "DiagnosticsCompleted",
      deviceId: next.deviceId,
      at: next.updatedAt,
      diagnosticId: next.id,
      diagnostic: next.type,
      state: next.state,
      ...(next.failure && { reason: next.failure.reason }),
    },
  ]);
  return true;
}

/**
 * The diagnostic as of `now`; one past its deadline is saved timed out first (expiry is data,
 * checked whenever a diagnostic is read: by the API, or by the device's next diagnostics session).
 */
export async function currentDiagnostic(
  deps: WithDiagnostics & { readonly diagnostics: DiagnosticsDeps },
  record: DiagnosticRecord,
  now: number,
): Promise<DiagnosticRecord> {
  const current = diagnosticAsOf(record, now);
  if (current !== record) await saveDiagnostic(deps, current, record.state);
  return current;
}
