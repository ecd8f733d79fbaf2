/**
 * Task kinds for the optional RPCs of TR-069 Annex A.4.1 (software modules after TR-157, the
 * transfer queue, the CPE's method list). Part of `TaskSpec` (task.ts).
 */

/** One ChangeDUState operation (TR-069 A.4.1.10) as the API takes it. */
export type DuOperationSpec =
  | {
      readonly type: "install";
      readonly url: string;
      /** Empty or absent: the CPE generates it (TR-157 DeploymentUnit.{i}.UUID). */
      readonly uuid?: string;
      readonly username?: string;
      /** As given; a non-empty one leaves for `sealedPassword` when the task is queued. */
      readonly password?: string;
      /** Sealed: see `transferPasswordContext` (bound to `url`). */
      readonly sealedPassword?: string;
      /** e.g. Device.SoftwareModules.ExecEnv.1; empty: the CPE chooses. */
      readonly executionEnvRef?: string;
    }
  | {
      readonly type: "update";
      readonly uuid: string;
      readonly version?: string;
      /** Empty or absent: the URL the DU was installed from. */
      readonly url?: string;
      readonly username?: string;
      readonly password?: string;
      readonly sealedPassword?: string;
    }
  | {
      readonly type: "uninstall";
      readonly uuid: string;
      readonly version?: string;
      readonly executionEnvRef?: string;
    };

/** ScheduleDownload's TimeWindowStruct (TR-069 A.4.1.8): offsets in seconds from the RPC. */
export interface TimeWindowSpec {
  readonly windowStart: number;
  readonly windowEnd: number;
  /** "1 At Any Time", "2 Immediately", "3 When Idle", "4 Confirmation Needed". */
  readonly windowMode: string;
  readonly userMessage?: string;
  /** -1: the CPE's own policy. */
  readonly maxRetries?: number;
}

export type MoreRpcTaskSpec =
  | { readonly name: "changeDUState"; readonly operations: readonly DuOperationSpec[] }
  | {
      readonly name: "scheduleDownload";
      readonly fileType: string;
      readonly url: string;
      readonly username?: string;
      readonly password?: string;
      readonly sealedPassword?: string;
      readonly fileSize?: number;
      readonly targetFileName?: string;
      /** One or two windows (A.4.1.8), the second after the first. */
      readonly timeWindows: readonly TimeWindowSpec[];
    }
  | { readonly name: "cancelTransfer"; readonly commandKey: string }
  | { readonly name: "getQueuedTransfers" }
  | { readonly name: "getAllQueuedTransfers" }
  | { readonly name: "getRPCMethods" };

/** One operation's outcome from DUStateChangeComplete (TR-069 A.4.2.1 OpResultStruct). */
export interface DuOperationResult {
  readonly uuid: string;
  readonly deploymentUnitRef: string;
  readonly version: string;
  /** "Installed", "Uninstalled" or "Failed" (TR-069 A.4.2.1). */
  readonly currentState: string;
  readonly resolved: boolean;
  readonly executionUnitRefList: readonly string[];
  readonly startTime: string;
  readonly completeTime: string;
  /** Absent when the operation succeeded (FaultCode 0). */
  readonly fault?: { readonly code: number; readonly string: string };
}

/** One entry of Get(All)QueuedTransfersResponse (TR-069 A.4.1.1, A.4.1.7). */
export interface QueuedTransferResult {
  readonly commandKey: string;
  /** 1 not yet started, 2 in progress, 3 completed, finishing up. */
  readonly state: number;
  readonly isDownload?: boolean;
  readonly fileType?: string;
  readonly fileSize?: number;
  readonly targetFileName?: string;
}

export const moreRpcTaskNames: readonly MoreRpcTaskSpec["name"][] = [
  "changeDUState",
  "scheduleDownload",
  "cancelTransfer",
  "getQueuedTransfers",
  "getAllQueuedTransfers",
  "getRPCMethods",
];

const moreRpcTaskNameSet: ReadonlySet<string> = new Set(moreRpcTaskNames);

export function isMoreRpcTask<T extends { readonly name: string }>(
  spec: T,
): spec is Extract<T, MoreRpcTaskSpec> {
  return moreRpcTaskNameSet.has(spec.name);
}
