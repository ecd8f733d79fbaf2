import type { TaskRecord } from "../core/model/task.ts";
import { TaskConflictError } from "../port-errors.ts";
import type { TaskStore } from "../ports.ts";

/** Replaces a task unless someone moved it on (cancelled through the API, say): then false. */
export async function updateTaskQuietly(
  tasks: TaskStore,
  task: TaskRecord,
  expected: TaskRecord["status"],
): Promise<boolean> {
  try {
    await tasks.updateTask(task, expected);
    return true;
  } catch (error) {
    if (error instanceof TaskConflictError) return false;
    throw error;
  }
}
