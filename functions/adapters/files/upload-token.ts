import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The local file server's upload permission: `<expiresAt>.<HMAC-SHA256(key, id + expiresAt)>`.
 * Unguessable without the key, bound to one file id, and bounded in time like a presigned PUT.
 */
export interface UploadTokens {
  issue(id: string, expiresAt: number): string;
  /** True when the token was issued for this id and has not expired at `now`. */
  verify(id: string, token: string, now: number): boolean;
}

export function createUploadTokens(options: { readonly key: Uint8Array }): UploadTokens {
  const mac = (id: string, expiresAt: number) =>
    createHmac("sha256", options.key).update(`${id}\n${expiresAt}`).digest("base64url");
  return {
    issue: (id, expiresAt) => `${expiresAt}.${mac(id, expiresAt)}`,
    verify: (id, token, now) => {
      const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match?.[1] || !match[2]) return false;
      const expiresAt = Number(match[1]);
      const given = Buffer.from(match[2]);
      const expected = Buffer.from(mac(id, expiresAt));
      return (
        given.length === expected.length && timingSafeEqual(given, expected) && now < expiresAt
      );
    },
  };
}
