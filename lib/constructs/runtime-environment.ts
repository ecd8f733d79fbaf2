import type { LogLevel } from "../../functions/adapters/log/json-logger.ts";

/** Settings every ACS process reads alike (CWMP function, API function, sender). */
export interface RuntimeSettings {
  /** ACS_LOG_LEVEL (functions/config/log-level.ts). */
  readonly logLevel: LogLevel;
  /**
   * ACS_SECRET_PARAMETERS: parameters whose values are secret beyond the built-in
   * password-type names; every process that shows, stores or queues values must agree.
   */
  readonly secretParameters: readonly string[];
}

/** The variables for `settings`; ACS_SECRET_PARAMETERS only when the list is not empty. */
export function runtimeEnvironment(settings: RuntimeSettings): Record<string, string> {
  return {
    ACS_LOG_LEVEL: settings.logLevel,
    ...(settings.secretParameters.length > 0 && {
      ACS_SECRET_PARAMETERS: settings.secretParameters.join(","),
    }),
  };
}
