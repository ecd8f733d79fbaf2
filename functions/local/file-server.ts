import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { localFileIdShape, localFilePath } from "../adapters/files/local-file-content.ts";
import type { UploadTokens } from "../adapters/files/upload-token.ts";
import type { Clock, FileStore, Logger } from "../ports.ts";

export interface FileServerOptions {
  readonly host: string;
  /** ACS_FILES_PORT (7567, GenieACS's file server port); 0 picks a free one. */
  readonly port: number;
  readonly dir: string;
  readonly tokens: UploadTokens;
  readonly clock: Clock;
  /** Largest upload accepted (ACS_FILES_MAX_BYTES); larger ones get 413. */
  readonly maxBytes: number;
  readonly logger: Logger;
  /**
   * The files' metadata: a GET answers with `x-amz-meta-version` / `x-amz-meta-sha256` as S3
   * does for an object uploaded with that metadata, so CPEs see the same headers in both.
   */
  readonly metadata?: Pick<FileStore, "getFile">;
}

export interface FileServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Refused uploads: status and why, answered as text. */
class UploadRefusedError extends Error {
  override readonly name = "UploadRefusedError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The local stand-in for S3: GET /files/{id} streams a file to CPEs, PUT /files/{id}?token=
 * stores an upload once (the token comes from POST /files; a file's bytes never change once
 * written, so a ready file cannot be replaced under a CPE downloading it).
 */
export async function startFileServer(options: FileServerOptions): Promise<FileServer> {
  await mkdir(options.dir, { recursive: true });
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      const refused = error instanceof UploadRefusedError ? error : undefined;
      if (!refused) options.logger.error("file server request failed", { error: String(error) });
      if (response.headersSent) return void response.destroy();
      response.writeHead(refused?.status ?? 500, {
        "content-type": "text/plain",
        connection: "close",
      });
      response.end(`${refused?.message ?? "internal error"}\n`);
      // An upload refused part-way is not read to its end.
      request.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, () => resolve()));
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(
  options: FileServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://local");
  const id = /^\/files\/([^/]+)$/.exec(url.pathname)?.[1];
  if (id === undefined || !localFileIdShape.test(id))
    throw new UploadRefusedError(404, "not found");
  // The console (another origin: the API's port) PUTs uploads from the browser. The token in
  // the URL is the authority, not cookies, so any origin may send it (Fetch standard, CORS).
  response.setHeader("access-control-allow-origin", "*");
  if (request.method === "OPTIONS") return corsPreflight(request, response);
  if (request.method === "GET" || request.method === "HEAD")
    return download(options, id, request, response);
  if (request.method === "PUT")
    return upload(options, id, url.searchParams.get("token"), request, response);
  response.setHeader("allow", "GET, HEAD, PUT, OPTIONS");
  throw new UploadRefusedError(405, "method not allowed");
}

function corsPreflight(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(204, {
    "access-control-allow-methods": "GET, HEAD, PUT",
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "",
    "access-control-max-age": "600",
  });
  response.end();
}

async function download(
  options: FileServerOptions,
  id: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = localFilePath(options.dir, id);
  const found = await stat(path).catch(() => undefined);
  if (!found?.isFile()) throw new UploadRefusedError(404, "not found");
  const file = await options.metadata?.getFile(id);
  response.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": String(found.size),
    ...(file?.version !== undefined && { "x-amz-meta-version": file.version }),
    ...(file?.sha256 !== undefined && { "x-amz-meta-sha256": file.sha256 }),
  });
  if (request.method === "HEAD") return void response.end();
  await pipeline(createReadStream(path), response);
}

async function upload(
  options: FileServerOptions,
  id: string,
  token: string | null,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!token || !options.tokens.verify(id, token, options.clock.now()))
    throw new UploadRefusedError(403, "upload token invalid or expired");
  const path = localFilePath(options.dir, id);
  if (await stat(path).catch(() => undefined))
    throw new UploadRefusedError(409, "file content already uploaded");
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  if (declared > options.maxBytes)
    throw new UploadRefusedError(413, `larger than ${options.maxBytes} bytes`);
  // Written aside and linked into place: a partial or concurrent upload is never served.
  const part = join(options.dir, `${id}.${randomBytes(8).toString("hex")}.part`);
  try {
    const { size, sha256 } = await receive(request, part, options.maxBytes);
    await link(part, path).catch((error: unknown) => {
      if ((error as { code?: string }).code === "EEXIST")
        throw new UploadRefusedError(409, "file content already uploaded");
      throw error;
    });
    response.writeHead(201, { "content-type": "application/json" });
    response.end(JSON.stringify({ size, sha256 }));
  } finally {
    await rm(part, { force: true });
  }
}

/**
 * Streams the body to `path`, hashing as it goes; 413 once it passes `maxBytes`. The request is
 * paused rather than destroyed on refusal, so the 413 still reaches the client.
 */
function receive(
  request: IncomingMessage,
  path: string,
  maxBytes: number,
): Promise<{ size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    const out = createWriteStream(path);
    let size = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      // The write stream opens its file asynchronously; rejecting before it has closed would let
      // the caller remove the part file before it exists, leaving it behind.
      if (out.closed) reject(error);
      else {
        out.once("close", () => reject(error));
        out.destroy();
      }
    };
    request.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes)
        return fail(new UploadRefusedError(413, `larger than ${maxBytes} bytes`));
      hash.update(chunk);
      if (!out.write(chunk)) {
        request.pause();
        out.once("drain", () => request.resume());
      }
    });
    request.on("end", () => {
      if (!failed) out.end(() => resolve({ size, sha256: hash.digest("hex") }));
    });
    request.on("error", fail);
    out.on("error", fail);
  });
}
