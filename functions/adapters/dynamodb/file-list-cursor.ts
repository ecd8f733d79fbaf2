import { type FileRecord, matchesFileFilter } from "../../core/model/file-record.ts";
import { InvalidCursorError } from "../../port-errors.ts";
import type { FilePage, FileQuery } from "../../ports.ts";

/**
 * Where a file listing resumes: after a file id (listings are in id order). The cursor names
 * only an id, so a forged one can do no more than start the listing elsewhere; its shape is
 * still checked so a mistyped cursor is an error, not an empty page.
 */
const idShape = /^[0-9A-Za-z]{1,64}$/;

export function encodeFileCursor(afterId: string): string {
  return Buffer.from(JSON.stringify({ v: 1, a: afterId }), "utf8").toString("base64url");
}

/** The id a cursor names; InvalidCursorError unless it has the shape this code issues. */
export function decodeFileCursor(cursor: string): string {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const { v, a, ...rest } = (payload ?? {}) as Record<string, unknown>;
  if (v !== 1 || typeof a !== "string" || !idShape.test(a) || Object.keys(rest).length > 0)
    throw new InvalidCursorError();
  return a;
}

/** One page of `files` (already after the cursor, in id order) that match the query. */
export function fileListPage(files: readonly FileRecord[], query: FileQuery): FilePage {
  const matching = files.filter((file) => matchesFileFilter(file, query));
  const page = matching.slice(0, query.limit);
  const last = page.at(-1);
  return {
    files: page,
    ...(matching.length > query.limit && last && { cursor: encodeFileCursor(last.id) }),
  };
}
