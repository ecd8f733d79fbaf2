import { InvalidCursorError } from "../../port-errors.ts";
import { taskOrderKey } from "./item-layout.ts";

/**
 * Where a recent-task listing resumes: before a task order key (`<createdAt 15 digits>#<id>`,
 * the sort key of both task indexes; the listing is newest first). The key also names the UTC
 * day to resume in, so the cursor needs nothing else. It names only a position, so a forged
 * one can do no more than start the listing elsewhere; its shape is still checked so a
 * mistyped cursor is an error (400), not an empty page.
 */
const orderKeyShape = /^\d{15}#[0-9A-Za-z_-]{1,64}$/;

export function encodeTaskCursor(beforeOrderKey: string): string {
  return Buffer.from(JSON.stringify({ v: 1, b: beforeOrderKey }), "utf8").toString("base64url");
}

/** The order key a cursor names; InvalidCursorError unless it has the shape this code issues. */
export function decodeTaskCursor(cursor: string): string {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new InvalidCursorError();
  }
  const { v, b, ...rest } = payload as Record<string, unknown>;
  if (v !== 1 || typeof b !== "string" || !orderKeyShape.test(b) || Object.keys(rest).length > 0)
    throw new InvalidCursorError();
  return b;
}

/** The cursor after a full page whose last task is `last`. */
export function taskCursorAfter(last: { readonly createdAt: number; readonly id: string }): string {
  return encodeTaskCursor(taskOrderKey(last.createdAt, last.id));
}
