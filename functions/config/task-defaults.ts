import type { TaskDefaults } from "../core/model/new-task.ts";
import type { EnvReader } from "./env-reader.ts";

/** Seven days to run, three sends: what a task gets when the environment says nothing. */
export const builtInTaskDefaults: TaskDefaults = {
  lifetimeMs: 7 * 24 * 3_600_000,
  maxAttempts: 3,
};

/**
 * Variables: ACS_TASK_LIFETIME_HOURS (default 168), ACS_TASK_MAX_ATTEMPTS (default 3). Every
 * process that queues tasks (CWMP endpoint for profiles' one-shot tasks, API, sender for queue
 * messages and campaigns) reads the same two, so a task is the same whoever queued it.
 */
export function readTaskDefaults(env: EnvReader): TaskDefaults {
  const hours = builtInTaskDefaults.lifetimeMs / 3_600_000;
  return {
    lifetimeMs: env.integer("ACS_TASK_LIFETIME_HOURS", hours, { min: 1, max: 8_760 }) * 3_600_000,
    maxAttempts: env.integer("ACS_TASK_MAX_ATTEMPTS", builtInTaskDefaults.maxAttempts, {
      min: 1,
      max: 10,
    }),
  };
}
