import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Stateless digest nonces (RFC 7616 section 5.4: a nonce the server can check without storing
 * it): the issue time plus an HMAC of it under a secret every instance shares, so any Lambda
 * instance verifies any nonce without a nonce table. The issue time is what the replay guard
 * (digest-use.ts) orders nonces by.
 */
export interface DigestNonces {
  issue(now: number): string;
  read(nonce: string, now: number): NonceReading;
}

export type NonceReading =
  | { readonly kind: "forged" }
  | { readonly kind: "fresh" | "stale"; readonly issuedAt: number };

export function createDigestNonces(options: {
  readonly secret: string;
  readonly lifetimeMs: number;
}): DigestNonces {
  const sign = (issued: string): string =>
    createHmac("sha256", options.secret).update(issued).digest("base64url").slice(0, 22);
  return {
    issue: (now) => {
      const issued = now.toString(36);
      return `${issued}.${sign(issued)}`;
    },
    read: (nonce, now) => {
      const [issued, mac, extra] = nonce.split(".");
      if (!issued || !mac || extra !== undefined || !safeEqual(mac, sign(issued))) {
        return { kind: "forged" };
      }
      const issuedAt = Number.parseInt(issued, 36);
      const age = now - issuedAt;
      return { kind: age >= 0 && age <= options.lifetimeMs ? "fresh" : "stale", issuedAt };
    },
  };
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
