import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskRecord, TaskSpec } from "../../functions/core/model/task.ts";

/** A task as the engine sees it after one send (running, attempt 1 of 3), for core unit tests. */
export function runningTask(
  spec: TaskSpec,
  now: number,
  overrides: Partial<TaskRecord> = {},
): TaskRecord {
  const queued = newTask({
    id: "T1",
    deviceId: "00D09E-HGW-S1",
    spec,
    now: now - 1000,
    defaults: builtInTaskDefaults,
  });
  return { ...queued, status: "running", attempts: 1, ...overrides };
}
