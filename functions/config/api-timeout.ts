import type { EnvReader } from "./env-reader.ts";

/**
 * ACS_API_TIMEOUT_SECONDS: the API function's timeout, set by the CDK construct together with
 * the timeout itself (lib/constructs/provisioning-function.ts), so the longest `wait=N` is
 * derived from it (api-deps.ts `maxWaitWithin`). At most 29: API Gateway cuts an HTTP API
 * integration at 30 s; at least 4, so some wait remains after the safety margin.
 */
export function readApiTimeoutSeconds(env: EnvReader, fallback: number): number {
  return env.integer("ACS_API_TIMEOUT_SECONDS", fallback, { min: 4, max: 29 });
}
