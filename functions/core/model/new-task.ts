import type { TaskRecord, TaskSpec } from "./task.ts";

/** What every new task gets unless the caller says otherwise (configured in `config/`). */
export interface TaskDefaults {
  /** A task not finished this long after it was queued ends `expired`. */
  readonly lifetimeMs: number;
  /** Sends at most, answered or not (retryable faults and lost replies retry up to this). */
  readonly maxAttempts: number;
}

/** Who queued a task besides the API: a campaign, a provisioning profile (one-shot tasks), a diagnostic. */
export type TaskOrigin =
  | {
      readonly campaignId: string;
      /** The rollout stage (0 = the first, the canary when there is one) that queued it. */
      readonly campaignStage?: number;
    }
  | { readonly profile: string }
  /** A diagnostic's SetParameterValues or result read (core/diagnostics/). */
  | { readonly diagnosticId: string };

/**
 * A pending task, as queued by the API, the sender, a campaign or a profile: nothing sent yet,
 * no attempts, expiring `lifetimeMs` after `now`.
 */
export function newTask(input: {
  readonly id: string;
  readonly deviceId: string;
  readonly spec: TaskSpec;
  readonly now: number;
  readonly defaults: TaskDefaults;
  readonly idempotencyKey?: string;
  readonly origin?: TaskOrigin;
}): TaskRecord {
  const { now, defaults } = input;
  return {
    id: input.id,
    deviceId: input.deviceId,
    spec: input.spec,
    status: "pending",
    createdAt: now,
    updatedAt: now,
    expiresAt: now + defaults.lifetimeMs,
    attempts: 0,
    maxAttempts: defaults.maxAttempts,
    ...(input.idempotencyKey !== undefined && { idempotencyKey: input.idempotencyKey }),
    ...input.origin,
  };
}
