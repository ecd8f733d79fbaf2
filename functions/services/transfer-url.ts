import { isUploadFileType } from "../core/model/file-record.ts";
import { type TaskRecord, uploadFileId } from "../core/model/task.ts";
import { FileConflictError } from "../port-errors.ts";
import type { SessionDeps } from "./session-deps.ts";

/**
 * Where a transfer to or from the ACS's own file store goes, decided when its RPC is sent:
 * `none` for a task that needs no URL of ours, a URL presigned now (never stored: it expires),
 * or why the task cannot be sent.
 */
export type TransferUrl =
  | { readonly kind: "none" }
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "unavailable"; readonly reason: string };

const none: TransferUrl = { kind: "none" };

/**
 * A Download by fileId gets a GET URL valid ACS_FILES_URL_LIFETIME_SECONDS; an Upload without a
 * URL gets a PUT URL for the device's file named by the task id, created pending on its first
 * send (a re-send finds it there).
 */
export async function transferUrl(
  deps: SessionDeps,
  task: TaskRecord,
  now: number,
): Promise<TransferUrl> {
  const spec = task.spec;
  const uploadId = uploadFileId(task);
  const downloadId = spec.name === "download" && spec.url === undefined ? spec.fileId : undefined;
  if (uploadId === undefined && downloadId === undefined) return none;
  const files = deps.files;
  if (!files) return { kind: "unavailable", reason: "no file store is configured for CWMP" };
  if (downloadId !== undefined) {
    // Queued without resolveFileTask (a path that skipped it): nothing says what to send.
    if (spec.name === "download" && !spec.fileType)
      return { kind: "unavailable", reason: "queued without its file's metadata (FileType)" };
    const url = await files.content.downloadUrl(downloadId, {
      expiresInSeconds: files.urlLifetimeSeconds,
    });
    return { kind: "url", url };
  }
  if (uploadId === undefined || spec.name !== "upload" || !isUploadFileType(spec.fileType))
    return { kind: "unavailable", reason: "not an Upload FileType of TR-069 A.4.1.5" };
  await files.store
    .createFile({
      id: uploadId,
      name: `${task.deviceId} ${spec.fileType}`,
      fileType: spec.fileType,
      deviceId: task.deviceId,
      size: 0,
      createdAt: now,
      state: "pending-upload",
    })
    .catch((error: unknown) => {
      if (!(error instanceof FileConflictError)) throw error;
    });
  const target = await files.uploads.uploadTarget(uploadId, {});
  return { kind: "url", url: target.url };
}
