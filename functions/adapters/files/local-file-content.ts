import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Clock, FileContent } from "../../ports.ts";
import type { UploadTokens } from "./upload-token.ts";

export interface LocalFileContentOptions {
  /** Where the bytes live: `<dir>/<id>` (the local file server writes and reads there). */
  readonly dir: string;
  /** The local file server's base URL, e.g. http://127.0.0.1:7567/ */
  readonly baseUrl: string;
  readonly tokens: UploadTokens;
  readonly clock: Clock;
  /** How long an upload URL stays valid. @default 3600 */
  readonly uploadLifetimeSeconds?: number;
}

/** File ids are time-sortable ids ([0-9A-Z]); anything else never names a file on disk. */
export const localFileIdShape = /^[0-9A-Za-z]{1,64}$/;

export function localFilePath(dir: string, id: string): string {
  if (!localFileIdShape.test(id)) throw new RangeError(`not a file id: ${id}`);
  return join(dir, id);
}

/** FileContent in a directory, served to CPEs by functions/local/file-server.ts. */
export function createLocalFileContent(options: LocalFileContentOptions): FileContent {
  const lifetimeMs = (options.uploadLifetimeSeconds ?? 3600) * 1000;
  const fileUrl = (id: string) => new URL(`files/${encodeURIComponent(id)}`, options.baseUrl);
  return {
    uploadTarget: async (id) => {
      await mkdir(options.dir, { recursive: true });
      const expiresAt = options.clock.now() + lifetimeMs;
      const url = fileUrl(id);
      url.searchParams.set("token", options.tokens.issue(id, expiresAt));
      return { url: url.toString(), method: "PUT", headers: {}, expiresAt };
    },
    // Served on loopback without a token, as GenieACS's file server does: CPEs fetch by URL.
    downloadUrl: async (id) => fileUrl(id).toString(),
    head: async (id) => {
      const path = localFilePath(options.dir, id);
      const found = await stat(path).catch(() => undefined);
      if (!found?.isFile()) return undefined;
      return { size: found.size, sha256: await sha256Of(path) };
    },
    delete: async (id) => {
      await rm(localFilePath(options.dir, id), { force: true });
    },
  };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
