/** A datagram that is not a STUN message we can read (RFC 5389 §6, §15). */
export class MalformedStunMessageError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`malformed STUN message: ${reason}`, options);
    this.name = "MalformedStunMessageError";
    this.reason = reason;
  }
}

/** A UDP connection request datagram (TR-069 Annex G) that is not one we can read. */
export class MalformedUdpConnectionRequestError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`malformed UDP connection request: ${reason}`, options);
    this.name = "MalformedUdpConnectionRequestError";
    this.reason = reason;
  }
}
