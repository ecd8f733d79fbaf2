import type { EnvReader } from "./env-reader.ts";

/** Ten minutes: longer than any TR-143 test a CPE runs with default arguments. */
export const defaultDiagnosticTimeoutMinutes = 10;

/**
 * ACS_DIAGNOSTICS_TIMEOUT_MINUTES (default 10, 1..1440): a diagnostic whose CPE has not reported
 * 8 DIAGNOSTICS COMPLETE by then reads as timed out (checked when read, no timer), and the
 * device may start another of the type.
 */
export function readDiagnosticTimeoutMs(env: EnvReader): number {
  return (
    env.integer("ACS_DIAGNOSTICS_TIMEOUT_MINUTES", defaultDiagnosticTimeoutMinutes, {
      min: 1,
      max: 1440,
    }) * 60_000
  );
}
