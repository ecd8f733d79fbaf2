import { maxTaskSpecBytes } from "../core/model/store-limits.ts";
import type { TaskSpec } from "../core/model/task.ts";
import { resolveFileTask } from "../tasks/resolve-file-task.ts";
import type { ApiDeps } from "./api-deps.ts";
import { ServiceUnavailableError, ValidationError } from "./api-errors.ts";

/**
 * A task spec as the API queues it: one too large to store is refused (400); a Download by fileId
 * gets its file's metadata (resolve-file-task.ts; 422 for a file it cannot use); it and an Upload
 * to the ACS need the file store (503 without). Used by the task route and, once per campaign,
 * the campaign route (every device's task copies the resolved spec).
 */
export async function prepareTaskSpec(
  deps: Pick<ApiDeps, "files">,
  spec: TaskSpec,
): Promise<TaskSpec> {
  assertTaskSpecFits(spec);
  const needsStore =
    (spec.name === "download" && spec.fileId !== undefined) ||
    (spec.name === "upload" && spec.url === undefined);
  if (!needsStore) return spec;
  if (!deps.files) throw new ServiceUnavailableError("no file store is configured");
  return resolveFileTask({ files: deps.files.store }, spec);
}

/** A task spec the store could not hold is refused as invalid input (400), never a failed write. */
function assertTaskSpecFits(spec: TaskSpec): void {
  const bytes = Buffer.byteLength(JSON.stringify(spec));
  if (bytes > maxTaskSpecBytes)
    throw new ValidationError([
      {
        field: "body",
        message: `the task is ${bytes} bytes as JSON, more than the ${maxTaskSpecBytes} a task may hold; split it into several tasks`,
      },
    ]);
}
