/** send() before start() or after stop(): the CR has no socket to leave from. */
export class StunServerNotStartedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("the STUN server socket is not open", options);
    this.name = "StunServerNotStartedError";
  }
}
