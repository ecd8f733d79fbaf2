import type { CwmpFault } from "./cpe-messages.ts";
import type { NoArguments, NotificationLevel } from "./shared-structs.ts";
import type { ParameterValue } from "./xsd-type.ts";

/**
 * Everything the ACS sends to a CPE (TR-069 Annex A): its responses to the
 * CPE's requests, its RPCs, and ACS faults (8000-8006). One entry per method
 * name; `AcsMessage` is the discriminated union built from this map.
 */
export interface AcsMessageMap {
  // --- responses to CPE requests ---
  /** TR-069 A.3.3.1: we always accept one envelope per HTTP POST. */
  InformResponse: { readonly maxEnvelopes: number };
  TransferCompleteResponse: NoArguments;
  AutonomousTransferCompleteResponse: NoArguments;
  GetRPCMethodsResponse: { readonly methodList: readonly string[] };
  RequestDownloadResponse: NoArguments;
  KickedResponse: { readonly nextURL: string };
  DUStateChangeCompleteResponse: NoArguments;
  AutonomousDUStateChangeCompleteResponse: NoArguments;

  // --- ACS RPCs (A.3.1, A.3.2, A.4.1) ---
  GetRPCMethods: NoArguments;
  GetParameterNames: { readonly parameterPath: string; readonly nextLevel: boolean };
  GetParameterValues: { readonly parameterNames: readonly string[] };
  SetParameterValues: {
    readonly parameterList: readonly ParameterValue[];
    readonly parameterKey: string;
  };
  GetParameterAttributes: { readonly parameterNames: readonly string[] };
  SetParameterAttributes: { readonly parameterList: readonly SetParameterAttributesStruct[] };
  AddObject: { readonly objectName: string; readonly parameterKey: string };
  DeleteObject: { readonly objectName: string; readonly parameterKey: string };
  Reboot: { readonly commandKey: string };
  Download: DownloadArguments;
  Upload: UploadArguments;
  FactoryReset: NoArguments;
  ScheduleInform: { readonly delaySeconds: number; readonly commandKey: string };
  ScheduleDownload: ScheduleDownloadArguments;
  CancelTransfer: { readonly commandKey: string };
  ChangeDUState: { readonly operations: readonly DuOperation[]; readonly commandKey: string };
  GetQueuedTransfers: NoArguments;
  GetAllQueuedTransfers: NoArguments;

  /** An ACS fault (A.5.1: 8000-8006) in answer to a CPE request. */
  Fault: CwmpFault;
}

export type AcsMethod = keyof AcsMessageMap;
export type AcsMessage = { [M in AcsMethod]: { readonly method: M } & AcsMessageMap[M] }[AcsMethod];
export type AcsMessageOf<M extends AcsMethod> = Extract<AcsMessage, { method: M }>;

export interface SetParameterAttributesStruct {
  readonly name: string;
  readonly notificationChange: boolean;
  readonly notification: NotificationLevel;
  readonly accessListChange: boolean;
  readonly accessList: readonly string[];
}

/** What Download, Upload and ScheduleDownload share: which file, where, with which credentials. */
export interface FileTransferArguments {
  readonly commandKey: string;
  /** "1 Firmware Upgrade Image", "3 Vendor Configuration File", ... (A.3.2.8). */
  readonly fileType: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

export interface DownloadArguments extends FileTransferArguments {
  readonly fileSize: number;
  readonly targetFileName: string;
  readonly delaySeconds: number;
  readonly successURL: string;
  readonly failureURL: string;
}

export interface UploadArguments extends FileTransferArguments {
  readonly delaySeconds: number;
}

export interface TimeWindowStruct {
  readonly windowStart: number;
  readonly windowEnd: number;
  /** "1 At Any Time", "2 Immediately", "3 When Idle", "4 Confirmation Needed". */
  readonly windowMode: string;
  readonly userMessage: string;
  readonly maxRetries: number;
}

export interface ScheduleDownloadArguments extends FileTransferArguments {
  readonly fileSize: number;
  readonly targetFileName: string;
  readonly timeWindowList: readonly TimeWindowStruct[];
}

/** TR-069 A.4.1.10: one ChangeDUState operation. */
export type DuOperation =
  | {
      readonly operation: "InstallOpStruct";
      readonly url: string;
      readonly uuid: string;
      readonly username: string;
      readonly password: string;
      readonly executionEnvRef: string;
    }
  | {
      readonly operation: "UpdateOpStruct";
      readonly uuid: string;
      readonly version: string;
      readonly url: string;
      readonly username: string;
      readonly password: string;
    }
  | {
      readonly operation: "UninstallOpStruct";
      readonly uuid: string;
      readonly version: string;
      readonly executionEnvRef: string;
    };
