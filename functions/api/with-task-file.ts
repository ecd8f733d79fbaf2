import type { TaskSpec } from "../core/model/task.ts";
import { resolveFileTask } from "../tasks/resolve-file-task.ts";
import type { ApiDeps } from "./api-deps.ts";
import { ServiceUnavailableError } from "./api-errors.ts";

/**
 * A Download by fileId gets its file's metadata (resolve-file-task.ts; 422 for a file it cannot
 * use); it and an Upload to the ACS need the file store (503 without). Used by the task route
 * and, once per campaign, the campaign route (every device's task copies the resolved spec).
 */
export async function withTaskFile(
  deps: Pick<ApiDeps, "files">,
  spec: TaskSpec,
): Promise<TaskSpec> {
  const needsStore =
    (spec.name === "download" && spec.fileId !== undefined) ||
    (spec.name === "upload" && spec.url === undefined);
  if (!needsStore) return spec;
  if (!deps.files) throw new ServiceUnavailableError("no file store is configured");
  return resolveFileTask({ files: deps.files.store }, spec);
}
