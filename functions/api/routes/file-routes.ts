import type { FileRecord } from "../../core/model/file-record.ts";
import { FileConflictError } from "../../port-errors.ts";
import type { FileContent, FilePage } from "../../ports.ts";
import type { ApiDeps, FileDeps } from "../api-deps.ts";
import {
  ConflictError,
  FileContentMismatchError,
  NotFoundError,
  ServiceUnavailableError,
} from "../api-errors.ts";
import { json } from "../api-http.ts";
import { deviceIdParam } from "../device-param.ts";
import { deviceFileListQuerySchema, fileListQuerySchema, fileSchema } from "../file-schema.ts";
import { parseBody, parseQuery } from "../parse-input.ts";
import type { Route } from "../router.ts";

const fileIdPattern = /^[0-9A-Z]{26}$/;

/**
 * POST /files (metadata, answered with where to upload), POST /files/{id}/complete (checks the
 * bytes, marks the file ready), GET /files, GET /files/{id}, DELETE /files/{id}, and
 * GET /devices/{id}/files: what a device uploaded (an Upload task without a URL).
 */
export function fileRoutes(deps: ApiDeps): Route[] {
  const files = (): FileDeps => {
    if (!deps.files) throw new ServiceUnavailableError("no file store is configured");
    return deps.files;
  };
  const find = async (raw: string | undefined): Promise<FileRecord> => {
    const id = raw ?? "";
    const file = fileIdPattern.test(id) ? await files().store.getFile(id) : undefined;
    if (!file) throw new NotFoundError(`file ${id}`);
    return file;
  };
  const view = async (file: FileRecord) => fileView(file, await downloadUrl(files(), file));
  const page = (listed: FilePage) =>
    json(200, {
      files: listed.files.map((file) => fileView(file)),
      ...(listed.cursor && { cursor: listed.cursor }),
    });
  return [
    {
      method: "POST",
      pattern: "/files",
      handle: async (request) => {
        const input = parseBody(fileSchema, request);
        const now = deps.clock.now();
        const file: FileRecord = {
          id: deps.ids.sortableId(now),
          name: input.name,
          fileType: input.fileType,
          ...(input.version !== undefined && { version: input.version }),
          ...(input.oui !== undefined && { oui: input.oui.map((oui) => oui.toUpperCase()) }),
          ...(input.productClasses !== undefined && { productClasses: input.productClasses }),
          size: input.size ?? 0,
          ...(input.sha256 !== undefined && { sha256: input.sha256 }),
          createdAt: now,
          state: "pending-upload",
        };
        const upload = await files().content.uploadTarget(file.id, {
          ...(file.sha256 !== undefined && { sha256: file.sha256 }),
          ...(file.version !== undefined && { version: file.version }),
        });
        await files().store.createFile(file);
        return json(201, {
          ...fileView(file),
          upload: { ...upload, expiresAt: new Date(upload.expiresAt).toISOString() },
        });
      },
    },
    {
      method: "POST",
      pattern: "/files/{fileId}/complete",
      handle: async (_request, params) => {
        const file = await find(params.fileId);
        if (file.state === "ready") return json(200, await view(file));
        const ready = await complete(files(), file, deps.clock.now());
        return json(200, await view(ready));
      },
    },
    {
      method: "GET",
      pattern: "/files",
      handle: async (request) => {
        const query = parseQuery(fileListQuerySchema, request);
        return page(await files().store.listFiles(query));
      },
    },
    {
      method: "GET",
      pattern: "/devices/{id}/files",
      handle: async (request, params) => {
        const deviceId = deviceIdParam(params.id ?? "");
        const query = parseQuery(deviceFileListQuerySchema, request);
        if (!(await deps.devices.getDevice(deviceId)))
          throw new NotFoundError(`device ${deviceId}`);
        return page(await files().store.listFiles({ ...query, deviceId }));
      },
    },
    {
      method: "GET",
      pattern: "/files/{fileId}",
      handle: async (_request, params) => json(200, await view(await find(params.fileId))),
    },
    {
      method: "DELETE",
      pattern: "/files/{fileId}",
      handle: async (_request, params) => {
        const file = await find(params.fileId);
        if (await files().usage.isFileInUse(file.id))
          throw new ConflictError(`file ${file.id} is used by a rollout; cancel it first`);
        // Bytes first: a failure leaves the record, and DELETE can be retried.
        await contentOf(files(), file).delete(file.id);
        await files().store.deleteFile(file.id);
        return json(200, { deleted: file.id });
      },
    },
  ];
}

/**
 * Checks what was uploaded against what was declared and marks the file ready with the stored
 * size and SHA-256. Nothing uploaded yet is a conflict (409); other bytes are 422, and the file
 * stays pending so the client can upload again.
 */
async function complete(files: FileDeps, file: FileRecord, now: number): Promise<FileRecord> {
  const stored = await files.content.head(file.id);
  if (!stored) throw new ConflictError(`file ${file.id} has no content yet; upload it first`);
  const declaredSize = file.size > 0 ? file.size : undefined;
  if (
    (declaredSize !== undefined && declaredSize !== stored.size) ||
    (file.sha256 !== undefined && file.sha256 !== stored.sha256)
  ) {
    // Locally the bytes stay until replaced; remove them so the client can upload again.
    await files.content.delete(file.id);
    throw new FileContentMismatchError(
      {
        ...(declaredSize !== undefined && { size: declaredSize }),
        ...(file.sha256 !== undefined && { sha256: file.sha256 }),
      },
      stored,
    );
  }
  const ready: FileRecord = {
    ...file,
    size: stored.size,
    sha256: stored.sha256,
    uploadedAt: now,
    state: "ready",
  };
  try {
    await files.store.markReady(ready);
  } catch (error) {
    if (error instanceof FileConflictError)
      throw new ConflictError(`file ${file.id} changed meanwhile`, { cause: error });
    throw error;
  }
  return ready;
}

/** Where a file's bytes are: a CPE's upload apart from operators' files. */
function contentOf(files: FileDeps, file: FileRecord): FileContent {
  return file.deviceId === undefined ? files.content : (files.uploads ?? files.content);
}

async function downloadUrl(files: FileDeps, file: FileRecord): Promise<string | undefined> {
  if (file.state !== "ready") return undefined;
  return contentOf(files, file).downloadUrl(file.id, {
    expiresInSeconds: files.downloadUrlSeconds ?? 3600,
  });
}

/** A file as the API shows it; `url` (a download URL, bounded in time in AWS) once ready. */
export function fileView(file: FileRecord, url?: string) {
  return {
    id: file.id,
    name: file.name,
    fileType: file.fileType,
    ...(file.deviceId !== undefined && { deviceId: file.deviceId }),
    ...(file.version !== undefined && { version: file.version }),
    ...(file.oui !== undefined && { oui: file.oui }),
    ...(file.productClasses !== undefined && { productClasses: file.productClasses }),
    size: file.size,
    ...(file.sha256 !== undefined && { sha256: file.sha256 }),
    state: file.state,
    createdAt: new Date(file.createdAt).toISOString(),
    ...(file.uploadedAt !== undefined && { uploadedAt: new Date(file.uploadedAt).toISOString() }),
    ...(url !== undefined && { url }),
  };
}
