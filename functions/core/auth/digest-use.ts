/**
 * One accepted digest answer, as the device item remembers it: the nonce (with its issue
 * time, read from the signed nonce) and the nonce count. RFC 7616 section 5.5 (replay): a
 * server that tracks nc refuses an nc it has seen for that nonce.
 */
export interface DigestUse {
  readonly nonceIssuedAt: number;
  readonly nonce: string;
  /** The nc value as a number; 0 for an RFC 2069 answer without qop (no nc). */
  readonly nc: number;
}

/**
 * The replay rule: an answer opens a session only if its nonce was issued after the last one
 * the device used, or it is that same nonce with a higher nc. Each device remembers only its
 * last use, so the check fits in the conditional write that opens the session (no nonce table,
 * no extra request); older nonces are refused even if never used, which costs a CPE at most one
 * more challenge. The DynamoDB condition `digestUseIsLater` (adapters/dynamodb/conditions.ts)
 * is this rule as an expression.
 */
export function isLaterDigestUse(previous: DigestUse | undefined, next: DigestUse): boolean {
  if (previous === undefined) return true;
  if (next.nonceIssuedAt > previous.nonceIssuedAt) return true;
  return next.nonce === previous.nonce && next.nc > previous.nc;
}
