/** Public surface of the XMPP connection-request adapter (TR-069 Annex K). */
export { computeBackoffDelay } from "./backoff.ts";
export {
  IqIdCollisionError,
  isFatalSessionError,
  XmppAuthenticationError,
  XmppConnectError,
  XmppConnectTimeoutError,
  XmppInvalidArgumentError,
  XmppNoAcceptableMechanismError,
  XmppOptionsError,
  XmppSessionStoppedError,
  XmppStartTlsError,
  XmppTlsRequiredError,
} from "./errors.ts";
export { createIqTracker, type IqSettlement, type IqTracker } from "./iq-tracker.ts";
export type {
  XmppAddUserOutcome,
  XmppAddUserRequest,
  XmppConnectionRequest,
  XmppCrOutcome,
  XmppCrResult,
  XmppSession,
  XmppSessionOptions,
  XmppSessionStatus,
  XmppStatusListener,
} from "./types.ts";
export {
  type IncomingIq,
  type IqAnswer,
  iqAnswerPayload,
  openXmppEndpoint,
  type XmppEndpoint,
  type XmppEndpointOptions,
} from "./xmpp-endpoint.ts";
export { createXmppSession } from "./xmpp-session.ts";
