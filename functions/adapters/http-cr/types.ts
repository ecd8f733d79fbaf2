import type { UrlGuard, UrlRefusalReason } from "./create-url-guard.ts";

export interface HttpCrOptions {
  /** ManagementServer.ConnectionRequestURL as reported by the CPE (untrusted). */
  readonly url: string;
  /** ManagementServer.ConnectionRequestUsername; undefined when the ACS has none. */
  readonly username?: string;
  /** ManagementServer.ConnectionRequestPassword; never logged or returned. @default "" */
  readonly password?: string;
  /** Answer a Basic challenge (password in clear) when no Digest is offered. @default false */
  readonly allowBasic?: boolean;
  /** Bound on DNS resolution plus TCP connect, per attempt. */
  readonly connectTimeoutMs: number;
  /** Bound from connection until the response head (and short body) arrive, per attempt. */
  readonly responseTimeoutMs: number;
  readonly guard: UrlGuard;
}

export type UnreachableReason =
  | "dns-failure"
  | "connection-refused"
  | "connect-timeout"
  | "response-timeout"
  | "connection-reset"
  | "host-unreachable"
  | "tls-error"
  | "protocol-error"
  | "network-error";

export type AuthFailedReason =
  /** 401 to the request carrying credentials. */
  | "rejected"
  /** 401, but the ACS holds no ConnectionRequestUsername for this CPE. */
  | "no-credentials"
  /** 401 without a challenge we may answer (unknown scheme/algorithm, or Basic not allowed). */
  | "no-supported-challenge"
  /** 401 whose WWW-Authenticate could not be parsed. */
  | "bad-challenge";

interface Timed {
  /** From the call to the outcome, including DNS and both attempts. */
  readonly latencyMs: number;
}

/** The result of one connection request (TR-069 3.2.2); `kind` discriminates. */
export type HttpCrOutcome =
  | (Timed & {
      readonly kind: "delivered";
      readonly status: 200 | 204;
      readonly authenticated: boolean;
    })
  | (Timed & {
      readonly kind: "auth-failed";
      readonly status: 401;
      readonly reason: AuthFailedReason;
    })
  | (Timed & { readonly kind: "busy"; readonly status: 503; readonly retryAfterSeconds?: number })
  | (Timed & { readonly kind: "unreachable"; readonly reason: UnreachableReason })
  | (Timed & { readonly kind: "refused-url"; readonly reason: UrlRefusalReason })
  | (Timed & { readonly kind: "redirect-refused"; readonly status: number })
  | (Timed & { readonly kind: "unexpected-status"; readonly status: number });
