import type { TaskRecord } from "../core/model/task.ts";
import type { TaskStore } from "../ports.ts";

/**
 * The task store of one exchange, serving the task read ahead with the session (the queue's
 * head, named by the cookie: session-cookie.ts) for its first read only: it was read in the same
 * consistent request as the session, and any later read of it in the exchange comes after this
 * exchange's own writes, so it goes to the store.
 */
export function withPrefetchedTask(tasks: TaskStore, prefetched?: TaskRecord): TaskStore {
  if (prefetched === undefined) return tasks;
  let unused: TaskRecord | undefined = prefetched;
  return {
    ...tasks,
    getTask(taskId) {
      if (unused?.id !== taskId) return tasks.getTask(taskId);
      const task = unused;
      unused = undefined;
      return Promise.resolve(task);
    },
  };
}
