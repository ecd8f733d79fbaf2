/**
 * One error class per failure mode of the XMPP session. Expected outcomes of a connection
 * request are never errors (see XmppCrOutcome); these are for the session's lifecycle.
 */

/** The options given to createXmppSession are unusable (bad service URL, JID, delays). */
export class XmppOptionsError extends Error {
  readonly option: string;
  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(`${option}: ${message}`, options);
    this.name = "XmppOptionsError";
    this.option = option;
  }
}

/**
 * requireTls is set but the stream is not encrypted at the point of authentication
 * (server offered no STARTTLS, RFC 6120 section 5.3.1). Credentials are never sent.
 */
export class XmppTlsRequiredError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("refusing to authenticate over an unencrypted stream (STARTTLS required)", options);
    this.name = "XmppTlsRequiredError";
  }
}

/** STARTTLS negotiation or the TLS handshake failed (RFC 6120 section 5.4). */
export class XmppStartTlsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "XmppStartTlsError";
  }
}

/** The server offers no SASL mechanism we accept (SCRAM-SHA-1, or PLAIN over TLS only). */
export class XmppNoAcceptableMechanismError extends Error {
  readonly offered: readonly string[];
  constructor(offered: readonly string[], options?: { cause?: unknown }) {
    super(`no acceptable SASL mechanism among: ${offered.join(", ") || "(none)"}`, options);
    this.name = "XmppNoAcceptableMechanismError";
    this.offered = offered;
  }
}

/** SASL failure reported by the server (RFC 6120 section 6.5), e.g. not-authorized. */
export class XmppAuthenticationError extends Error {
  readonly condition: string;
  constructor(condition: string, options?: { cause?: unknown }) {
    super(`SASL authentication failed: ${condition}`, options);
    this.name = "XmppAuthenticationError";
    this.condition = condition;
  }
}

/** The TCP connection, stream negotiation or resource binding did not complete. */
export class XmppConnectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "XmppConnectError";
  }
}

/** Connecting took longer than connectTimeoutMs. */
export class XmppConnectTimeoutError extends Error {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`XMPP connection not online after ${timeoutMs} ms`, options);
    this.name = "XmppConnectTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** stop() was called before the session first came online. */
export class XmppSessionStoppedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("XMPP session stopped", options);
    this.name = "XmppSessionStoppedError";
  }
}

/** A caller passed an unusable argument (e.g. a non-positive timeout): a programming error. */
export class XmppInvalidArgumentError extends Error {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.name = "XmppInvalidArgumentError";
    this.argument = argument;
  }
}

/** Two pending IQs with the same id: ids must be unique per stream (RFC 6120 section 8.1.3). */
export class IqIdCollisionError extends Error {
  readonly id: string;
  constructor(id: string) {
    super(`an IQ with id ${id} is already pending`);
    this.name = "IqIdCollisionError";
    this.id = id;
  }
}

/** Errors after which reconnecting cannot help: the session stops instead of retrying. */
export function isFatalSessionError(error: unknown): boolean {
  if (error instanceof XmppTlsRequiredError) return true;
  if (error instanceof XmppNoAcceptableMechanismError) return true;
  // temporary-auth-failure is the one SASL condition that invites a retry (RFC 6120 6.5.12).
  return error instanceof XmppAuthenticationError && error.condition !== "temporary-auth-failure";
}
