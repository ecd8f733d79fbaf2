export type { BlockedAddressReason } from "./classify-address.ts";
export {
  createUrlGuard,
  type ResolvedAddress,
  type UrlGuard,
  type UrlGuardDecision,
  type UrlGuardOptions,
  type UrlRefusalReason,
} from "./create-url-guard.ts";
export { InvalidCidrError } from "./errors.ts";
export { sendHttpConnectionRequest } from "./send-http-connection-request.ts";
export type { AuthFailedReason, HttpCrOptions, HttpCrOutcome, UnreachableReason } from "./types.ts";
