import { type ConsoleApi, errorText, finalTaskStatuses, type Task } from "./api-client.ts";

/** The task as last read, or why it could not be read. */
export type FollowedTask = { readonly task: Task } | { readonly problem: string };

/**
 * Polls a queued task until it is final (done, faulted, ...), reporting each status it passes
 * through (pending -> running -> done), and returns how it ended.
 */
export async function followTask(options: {
  readonly api: ConsoleApi;
  readonly task: Task;
  readonly onStatus: (task: Task) => void;
  readonly pollMs?: number;
}): Promise<FollowedTask> {
  let current = options.task;
  options.onStatus(current);
  while (!finalTaskStatuses.has(current.status)) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
    const read = await options.api.GET("/tasks/{taskId}", {
      params: { path: { taskId: current.id } },
    });
    if (!read.data) return { problem: errorText(read.error, read.response) };
    current = read.data;
    options.onStatus(current);
  }
  return { task: current };
}
