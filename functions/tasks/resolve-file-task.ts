import { downloadFileType, type FileRecord } from "../core/model/file-record.ts";
import type { TaskSpec } from "../core/model/task.ts";
import type { FileStore } from "../ports.ts";

/** A Download names a file the store does not have. */
export class TaskFileNotFoundError extends Error {
  override readonly name = "TaskFileNotFoundError";
  constructor(readonly fileId: string) {
    super(`file ${fileId} does not exist`);
  }
}

/** A Download names a file whose content has not been uploaded and checked yet. */
export class TaskFileNotReadyError extends Error {
  override readonly name = "TaskFileNotReadyError";
  constructor(
    readonly fileId: string,
    readonly state: FileRecord["state"],
  ) {
    super(`file ${fileId} is ${state}; complete its upload first`);
  }
}

/** A Download names a file no CPE can be sent (a log a CPE uploaded: no Download FileType). */
export class TaskFileNotDownloadableError extends Error {
  override readonly name = "TaskFileNotDownloadableError";
  constructor(
    readonly fileId: string,
    readonly fileType: string,
  ) {
    super(`file ${fileId} is a "${fileType}", which the Download RPC cannot send`);
  }
}

/**
 * A Download by `fileId` as it is queued: the file's Download FileType, size and name
 * (TR-069 A.3.2.8 FileSize, TargetFileName unless given), and for a firmware image with a
 * version the `expectedVersion` the CPE must report afterwards. The URL is not stored: it is
 * presigned when the RPC is sent. Any other spec is returned as it is.
 */
export async function resolveFileTask(
  deps: { readonly files: FileStore },
  spec: TaskSpec,
): Promise<TaskSpec> {
  if (spec.name !== "download" || spec.fileId === undefined) return spec;
  const file = await deps.files.getFile(spec.fileId);
  if (!file) throw new TaskFileNotFoundError(spec.fileId);
  if (file.state !== "ready") throw new TaskFileNotReadyError(file.id, file.state);
  const fileType = downloadFileType(file);
  if (fileType === undefined) throw new TaskFileNotDownloadableError(file.id, file.fileType);
  return {
    ...spec,
    fileId: file.id,
    fileType,
    fileSize: file.size,
    targetFileName: spec.targetFileName ?? file.name,
    ...(fileType === "1 Firmware Upgrade Image" &&
      file.version !== undefined && { expectedVersion: file.version }),
  };
}
