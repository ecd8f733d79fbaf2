import type { CrUrlGuardStageConfig } from "../config.ts";

/** The variables functions/config/sender-settings.ts reads the URL guard's restrictions from. */
export function urlGuardEnvironment(
  guard: CrUrlGuardStageConfig | undefined,
): Record<string, string> {
  const environment: Record<string, string> = {};
  if (guard && guard.allowedPorts.length > 0) {
    environment.ACS_CR_ALLOWED_PORTS = guard.allowedPorts.join(",");
  }
  if (guard && guard.allowedNetworks.length > 0) {
    environment.ACS_CR_ALLOWED_NETWORKS = guard.allowedNetworks.join(",");
  }
  return environment;
}
