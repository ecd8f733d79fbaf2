import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalFileContent } from "../adapters/files/local-file-content.ts";
import { createUploadTokens } from "../adapters/files/upload-token.ts";
import type { Clock, FileContent, FileStore, Logger } from "../ports.ts";
import { startFileServer } from "./file-server.ts";
import type { LocalConfig } from "./local-config.ts";

export interface LocalFiles {
  /** The file server's base URL (GET /files/{id}, PUT /files/{id}?token=). */
  readonly url: string;
  /** The bytes as the API sees them, in the directory the server serves. */
  readonly content: FileContent;
  stop(): Promise<void>;
}

/**
 * The local stand-in for the S3 bucket: files under `<ACS_DATA_DIR>/files` (kept), or a
 * temporary directory removed on stop. The upload-token key is random per start: upload URLs
 * are as short-lived as the process, like presigned ones are in time.
 */
export async function startLocalFiles(
  config: LocalConfig,
  logger: Logger,
  clock: Clock = { now: () => Date.now() },
  metadata?: Pick<FileStore, "getFile">,
): Promise<LocalFiles> {
  const temporary = config.dataDir === undefined;
  const dir = config.dataDir
    ? join(config.dataDir, "files")
    : await mkdtemp(join(tmpdir(), "acs-files-"));
  const tokens = createUploadTokens({ key: randomBytes(32) });
  const server = await startFileServer({
    host: config.host,
    port: config.filesPort,
    dir,
    tokens,
    clock,
    maxBytes: config.filesMaxBytes,
    logger,
    ...(metadata && { metadata }),
  });
  return {
    url: server.url,
    content: createLocalFileContent({ dir, baseUrl: server.url, tokens, clock }),
    stop: async () => {
      await server.close();
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}
