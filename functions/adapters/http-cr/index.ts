export type { BlockedAddressReason } from "./classify-address.ts";
export {
  createUrlGuard,
  type ResolvedAddress,
  type UrlGuard,
  type UrlGuardDecision,
  type UrlGuardOptions,
  type UrlRefusalReason,
} from "./create-url-guard.ts";
export { InvalidCidrError, InvalidPortRangeError } from "./errors.ts";
export { effectivePort, type PortRange, parsePortRange } from "./port-range.ts";
export { sendHttpConnectionRequest } from "./send-http-connection-request.ts";
export type { AuthFailedReason, HttpCrOptions, HttpCrOutcome, UnreachableReason } from "./types.ts";
