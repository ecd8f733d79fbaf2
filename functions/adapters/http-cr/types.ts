import type { UrlGuard } from "./create-url-guard.ts";

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

// The attempt vocabulary lives in the core (the sender's decisions read it); re-exported here
// so the adapter's public surface is unchanged.
export type {
  AuthFailedReason,
  HttpCrOutcome,
  UnreachableReason,
} from "../../core/connection-request/cr-attempt.ts";
