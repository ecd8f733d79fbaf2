import type { XsdType } from "../cwmp/xsd-type.ts";
import type {
  DuOperationResult,
  MoreRpcTaskSpec,
  QueuedTransferResult,
} from "./more-rpc-task-specs.ts";

/**
 * Operations queued for a device's next session (one FIFO queue per device).
 * `name` is the discriminant; the API accepts exactly these shapes.
 */
export type TaskSpec =
  | { readonly name: "getParameterValues"; readonly parameterNames: readonly string[] }
  | {
      readonly name: "setParameterValues";
      /** [name, value, type]; type "xsd:string" or "string" (default string). */
      readonly parameterValues: readonly (readonly [string, string, XsdType?])[];
      readonly parameterKey?: string;
      /**
       * Values of secret parameters (secret-parameters.ts), taken out of `parameterValues` when
       * the task is queued and sealed (SecretSealer, context `parameterSecretContext(name)`):
       * a task record never holds them in clear; they are opened only to encode the RPC.
       */
      readonly sealedValues?: readonly (readonly [string, string, XsdType?])[];
    }
  | {
      readonly name: "getParameterNames";
      /** An object path ending in "." (a subtree) or a parameter; "" means the whole tree. */
      readonly parameterPath: string;
      readonly nextLevel?: boolean;
    }
  | { readonly name: "getParameterAttributes"; readonly parameterNames: readonly string[] }
  | {
      readonly name: "setParameterAttributes";
      readonly parameters: readonly {
        readonly name: string;
        /** 0 off, 1 passive, 2 active (TR-069 A.3.2.4). */
        readonly notification?: number;
        readonly accessList?: readonly string[];
      }[];
    }
  | { readonly name: "addObject"; readonly objectName: string; readonly parameterKey?: string }
  | { readonly name: "deleteObject"; readonly objectName: string; readonly parameterKey?: string }
  | { readonly name: "reboot" }
  | { readonly name: "factoryReset" }
  | {
      readonly name: "download";
      readonly fileType: string;
      /**
       * The operator's file server. Absent for a file of the ACS's own store (`fileId`): its URL
       * is presigned when the RPC is sent (bounded in time) and never stored.
       */
      readonly url?: string;
      /** A ready file of the ACS's store (FileRecord id); resolved at queueing (resolve-file-task.ts). */
      readonly fileId?: string;
      /**
       * The file's version, for a firmware image that names one: the transfer ends `verifying` and
       * the task `verified` only once the CPE reports this SoftwareVersion (firmware-verification.ts).
       */
      readonly expectedVersion?: string;
      readonly username?: string;
      /** As given; a non-empty one leaves for `sealedPassword` when the task is queued. */
      readonly password?: string;
      /** The file server's password (TR-069 A.3.2.8), sealed: see `transferPasswordContext`. */
      readonly sealedPassword?: string;
      readonly fileSize?: number;
      readonly targetFileName?: string;
      readonly delaySeconds?: number;
    }
  | {
      readonly name: "upload";
      readonly fileType: string;
      /**
       * The operator's file server. Absent: the CPE uploads to the ACS's store, as a file owned by
       * the device whose id is the task's (`uploadFileId`), its URL presigned when the RPC is sent.
       */
      readonly url?: string;
      readonly username?: string;
      /** As given; a non-empty one leaves for `sealedPassword` when the task is queued. */
      readonly password?: string;
      /** The file server's password (TR-069 A.4.1.5), sealed: see `transferPasswordContext`. */
      readonly sealedPassword?: string;
      readonly delaySeconds?: number;
    }
  | {
      readonly name: "scheduleInform";
      readonly delaySeconds: number;
      readonly commandKey?: string;
    }
  | MoreRpcTaskSpec;

export type TaskName = TaskSpec["name"];

/**
 * pending: queued; running: an RPC for it is in flight or it has more steps;
 * awaiting-transfer: Download/Upload accepted with Status 1, waiting for the
 * TransferComplete carrying its CommandKey (possibly after a reboot); also a ScheduleDownload
 * (its TransferComplete) and a ChangeDUState (its DUStateChangeComplete) once accepted;
 * verifying: a firmware Download whose file names a version finished its transfer; the CPE's
 * next Inform must report that SoftwareVersion;
 * done / verified (the firmware version was confirmed) / faulted / cancelled / expired: final.
 */
export type TaskStatus = (typeof taskStatuses)[number];

/** Every TaskStatus in lifecycle order: the API's enum and the console's status filter list these. */
export const taskStatuses = [
  "pending",
  "running",
  "awaiting-transfer",
  "verifying",
  "done",
  "verified",
  "faulted",
  "cancelled",
  "expired",
] as const;

export const finalTaskStatuses: ReadonlySet<TaskStatus> = new Set([
  "done",
  "verified",
  "faulted",
  "cancelled",
  "expired",
]);

/** Final statuses that count as success (a campaign's `succeeded`). */
export const succeededTaskStatuses: ReadonlySet<TaskStatus> = new Set(["done", "verified"]);

export interface TaskFault {
  /** CWMP fault code (9000-9899 from the CPE, 8000-8006 from us). */
  readonly code: number;
  readonly string: string;
  /** Per-parameter SetParameterValues faults. */
  readonly parameters?: readonly { name: string; code: number; string: string }[];
  /** The CPE's SOAP fault had no FaultCode the ACS could read: its text, bounded. */
  readonly raw?: string;
}

/**
 * A send that failed, kept on the task so an operator sees why it was retried or
 * gave up: no reply at all (the session ended first), an empty POST instead of a reply
 * (TR-069 3.7.2.3: some CPEs answer an RPC they do not support this way), a fault, or a
 * failed transfer (TransferComplete with a FaultCode).
 */
export interface TaskAttempt {
  readonly at: number;
  readonly outcome: "no-response" | "empty-reply" | "fault" | "transfer-fault";
  readonly fault?: TaskFault;
}

/** A reply that came after the task had ended (cancelled, or given up): recorded, never acted on. */
export interface LateReply {
  readonly at: number;
  readonly method: string;
  readonly fault?: TaskFault;
}

/**
 * AddObject is not idempotent: when its reply is lost the instance may exist. Before sending
 * it again the ACS lists the object's instances (GetParameterNames, NextLevel) and compares
 * them with those it knew when it first sent AddObject (task-outcome.ts decides).
 */
export interface AddObjectRecovery {
  /** Instance numbers known under the object when AddObject was first sent; absent: none known. */
  readonly instancesBefore?: readonly number[];
  /** The last AddObject got no reply: the next send is the GetParameterNames check. */
  readonly verifying: boolean;
}

/** What a finished task produced, shaped by its RPC's response. */
export interface TaskResult {
  readonly parameters?: readonly { name: string; value: string; type: XsdType }[];
  readonly names?: readonly { name: string; writable: boolean }[];
  readonly attributes?: readonly {
    name: string;
    notification: number;
    accessList: readonly string[];
  }[];
  readonly status?: number;
  readonly instanceNumber?: number;
  readonly startTime?: string;
  readonly completeTime?: string;
  /** GetParameterValues: requested names the CPE's answer left out (it should have faulted 9005). */
  readonly missing?: readonly string[];
  /** AddObject whose reply was lost: the instance found to have been created, adopted. */
  readonly adopted?: boolean;
  /** AddObject whose reply was lost: instances that may be the one it created. */
  readonly candidates?: readonly number[];
  /** A firmware Download with an expected version: the SoftwareVersion the CPE then reported. */
  readonly softwareVersion?: string;
  /** ChangeDUState: DUStateChangeComplete's result per operation, in the order sent. */
  readonly duResults?: readonly DuOperationResult[];
  /** Get(All)QueuedTransfers: the CPE's transfer queue. */
  readonly transfers?: readonly QueuedTransferResult[];
  /** GetRPCMethods: the methods the CPE supports (TR-069 A.3.1.1). */
  readonly methods?: readonly string[];
}

export interface TaskRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly spec: TaskSpec;
  readonly status: TaskStatus;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** A task not finished by then is dropped with reason "expired". */
  readonly expiresAt: number;
  /** RPC attempts so far; retryable faults retry up to maxAttempts. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly result?: TaskResult;
  readonly fault?: TaskFault;
  /** Why it ended when not done (expired, cancelled, retries exhausted...). */
  readonly reason?: string;
  /** The Idempotency-Key it was created with, if any. */
  readonly idempotencyKey?: string;
  /** The campaign that queued it, if any. */
  readonly campaignId?: string;
  /** The campaign's stage that queued it (0 = the first). */
  readonly campaignStage?: number;
  /** The provisioning profile that queued it (a one-shot task), if any. */
  readonly profile?: string;
  /** The diagnostic it starts or reads the result of (core/diagnostics/), if any. */
  readonly diagnosticId?: string;
  /** Sends that failed, oldest first (at most one per attempt; the last may have ended the task). */
  readonly history?: readonly TaskAttempt[];
  readonly lateReply?: LateReply;
  readonly addObjectRecovery?: AddObjectRecovery;
  /**
   * The last send: when, and a tag of the session that made it (a hash of the session id, never
   * the id itself). Kept by every later write, so that session can tell its RPC in flight from
   * the task alone, even once cancelled (services/unsaved-send.ts).
   */
  readonly sent?: { readonly at: number; readonly session: string };
}

/**
 * The ACS's own file an Upload task without a URL fills: the task's id names it (one file per
 * task, however often the Upload is sent again); undefined for any other task.
 */
export function uploadFileId(task: Pick<TaskRecord, "id" | "spec">): string | undefined {
  return task.spec.name === "upload" && task.spec.url === undefined ? task.id : undefined;
}
