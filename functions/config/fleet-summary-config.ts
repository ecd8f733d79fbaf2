import type { EnvReader } from "./env-reader.ts";

/**
 * ACS_FLEET_SUMMARY_MAX_AGE_SECONDS: how long `GET /fleet/summary` answers a saved summary
 * before counting again (0: count on every request, save nothing). Each count reads the
 * whole device index (dynamo-fleet-summary.ts), so the AWS default is 300; locally 0.
 */
export function readFleetSummaryMaxAgeSeconds(env: EnvReader, fallback: number): number {
  return env.integer("ACS_FLEET_SUMMARY_MAX_AGE_SECONDS", fallback, { min: 0, max: 86_400 });
}
