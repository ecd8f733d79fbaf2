import { createHash } from "node:crypto";
import type { Clock, FileContent } from "../../ports.ts";

export interface MemoryFileContent extends FileContent {
  /** What a client's upload would store (tests put bytes here as if PUT to the upload URL). */
  put(id: string, bytes: Uint8Array): void;
}

/** FileContent on a Map: URLs under `baseUrl`, bytes in memory (unit tests). */
export function createMemoryFileContent(
  options: { readonly clock: Clock; readonly baseUrl?: string } = { clock: { now: Date.now } },
): MemoryFileContent {
  const base = options.baseUrl ?? "http://files.test/";
  const stored = new Map<string, Uint8Array>();
  return {
    put: (id, bytes) => void stored.set(id, Uint8Array.from(bytes)),
    uploadTarget: async (id) => ({
      url: `${base}files/${id}?token=upload-${id}`,
      method: "PUT",
      headers: {},
      expiresAt: options.clock.now() + 3_600_000,
    }),
    downloadUrl: async (id, { expiresInSeconds }) =>
      `${base}files/${id}?expires=${options.clock.now() + expiresInSeconds * 1000}`,
    head: async (id) => {
      const bytes = stored.get(id);
      if (!bytes) return undefined;
      return { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
    },
    delete: async (id) => void stored.delete(id),
  };
}
