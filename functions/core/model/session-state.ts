import type { AcsMethod } from "../cwmp/acs-messages.ts";
import type { CwmpNamespace } from "../cwmp/namespaces.ts";

/**
 * Where a CWMP session stands (TR-069 3.7). After the Inform the CPE has the
 * floor ("cpe-requests") until it sends an empty POST (or HoldRequests ends);
 * then the ACS has it ("acs-requests"), sending one RPC per HTTP response
 * ("awaiting-response" while one is in flight) until it answers 204.
 */
export type SessionPhase = "cpe-requests" | "acs-requests" | "awaiting-response";

/** The RPC the ACS sent and waits to see answered. */
export interface InflightRpc {
  /** The cwmp:ID we sent; the CPE echoes it in its response. */
  readonly rpcId: string;
  readonly method: AcsMethod;
  /** The task this RPC serves. */
  readonly taskId: string;
  readonly sentAt: number;
}

/** The session record, persisted between the stateless invocations of one session. */
export interface SessionState {
  /** 128-bit random, base64url: the cookie's secret half. */
  readonly id: string;
  readonly deviceId: string;
  readonly cwmpNamespace: CwmpNamespace;
  readonly startedAt: number;
  /** Lease end; renewed on every exchange. An abandoned session frees itself then. */
  readonly expiresAt: number;
  readonly phase: SessionPhase;
  /** Event codes of the opening Inform. */
  readonly events: readonly string[];
  readonly inflight?: InflightRpc;
  /** HTTP exchanges so far (bounds runaway sessions). */
  readonly exchanges: number;
  /** Tasks already attempted in this session, so a retried fault waits for the next session. */
  readonly attemptedTaskIds: readonly string[];
}
