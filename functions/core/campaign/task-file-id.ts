import type { TaskSpec } from "../model/task.ts";

/** The file a download names by id (resolved from the file store at creation); else undefined. */
export function taskFileId(task: TaskSpec): string | undefined {
  if (task.name !== "download" || !("fileId" in task)) return undefined;
  return typeof task.fileId === "string" ? task.fileId : undefined;
}
