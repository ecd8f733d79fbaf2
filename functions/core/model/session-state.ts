import type { AcsMethod } from "../cwmp/acs-messages.ts";
import type { CwmpNamespace } from "../cwmp/namespaces.ts";
import type { MethodEvent } from "./inform-facts.ts";
import type { TaskRecord } from "./task.ts";

/**
 * Where a CWMP session stands (TR-069 3.7). After the Inform the CPE has the
 * floor ("cpe-requests") until it sends an empty POST (or HoldRequests ends);
 * then the ACS has it ("acs-requests"), sending one RPC per HTTP response
 * ("awaiting-response" while one is in flight) until it answers 204.
 */
export type SessionPhase = "cpe-requests" | "acs-requests" | "awaiting-response";

/** The RPC the ACS sent and waits to see answered: for a task, or for a profile. */
export type InflightRpc = InflightTaskRpc | InflightProfileRpc;

interface InflightBase {
  /** The cwmp:ID we sent; the CPE echoes it in its response. */
  readonly rpcId: string;
  readonly method: AcsMethod;
  readonly sentAt: number;
}

export interface InflightTaskRpc extends InflightBase {
  /** Absent in records written before profiles existed. */
  readonly serves?: "task";
  readonly taskId: string;
  /**
   * The task as the send wrote it (`running`), less the ids the session already holds, when
   * small and holding no sealed values: its reply is applied without reading the task again.
   * Absent: the reply reads it.
   */
  readonly task?: Omit<TaskRecord, "id" | "deviceId">;
}

export interface InflightProfileRpc extends InflightBase {
  readonly serves: "profile";
  readonly profile: string;
  readonly purpose: "probe" | "fetch" | "add" | "set" | "notify";
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
  /**
   * The opening Inform's "M <method>" events with their CommandKeys, when it had any: they
   * prove that an RPC whose reply was lost was carried out (TR-069 3.7.1.5).
   */
  readonly methodEvents?: readonly MethodEvent[];
  /** The opening Inform's DeviceInfo.SoftwareVersion: a firmware Download is verified by it. */
  readonly softwareVersion?: string;
  readonly inflight?: InflightRpc;
  /** HTTP exchanges so far (bounds runaway sessions). */
  readonly exchanges: number;
  /** Tasks already attempted in this session, so a retried fault waits for the next session. */
  readonly attemptedTaskIds: readonly string[];
  /** Profiles settled in this session (converged, not applicable, faulted): not looked at again. */
  readonly settledProfiles?: readonly string[];
  /** Profile RPCs sent in this session (bounded, so a profile can never loop a session). */
  readonly profileRpcs?: number;
}
