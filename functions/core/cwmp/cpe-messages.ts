import type {
  ArgStruct,
  AutonOpResultStruct,
  FaultStruct,
  NoArguments,
  NotificationLevel,
  OpResultStruct,
} from "./shared-structs.ts";
import type { ParameterValue } from "./xsd-type.ts";

/**
 * Everything a CPE sends to the ACS (TR-069 Annex A): its own requests,
 * its responses to ACS RPCs, and SOAP faults. One entry per method name;
 * `CpeMessage` is the discriminated union built from this map.
 */
export interface CpeMessageMap {
  // --- CPE requests (A.3.3, A.4.2) ---
  Inform: {
    readonly deviceId: DeviceIdStruct;
    readonly event: readonly EventStruct[];
    readonly maxEnvelopes: number;
    /** Verbatim; see parseCwmpDateTime for a tolerant reading. */
    readonly currentTime: string;
    readonly retryCount: number;
    readonly parameterList: readonly ParameterValue[];
  };
  TransferComplete: {
    readonly commandKey: string;
    readonly faultStruct: FaultStruct;
    readonly startTime: string;
    readonly completeTime: string;
  };
  AutonomousTransferComplete: {
    readonly announceURL: string;
    readonly transferURL: string;
    readonly isDownload: boolean;
    readonly fileType: string;
    readonly fileSize: number;
    readonly targetFileName: string;
    readonly faultStruct: FaultStruct;
    readonly startTime: string;
    readonly completeTime: string;
  };
  GetRPCMethods: NoArguments;
  RequestDownload: { readonly fileType: string; readonly fileTypeArg: readonly ArgStruct[] };
  Kicked: {
    readonly command: string;
    readonly referer: string;
    readonly arg: string;
    readonly next: string;
  };
  DUStateChangeComplete: {
    readonly results: readonly OpResultStruct[];
    readonly commandKey: string;
  };
  AutonomousDUStateChangeComplete: { readonly results: readonly AutonOpResultStruct[] };

  // --- CPE responses to ACS RPCs (A.3.1, A.3.2, A.4.1) ---
  GetRPCMethodsResponse: { readonly methodList: readonly string[] };
  GetParameterNamesResponse: { readonly parameterList: readonly ParameterInfoStruct[] };
  GetParameterValuesResponse: { readonly parameterList: readonly ParameterValue[] };
  SetParameterValuesResponse: { readonly status: number };
  GetParameterAttributesResponse: { readonly parameterList: readonly ParameterAttributeStruct[] };
  SetParameterAttributesResponse: NoArguments;
  AddObjectResponse: { readonly instanceNumber: number; readonly status: number };
  DeleteObjectResponse: { readonly status: number };
  RebootResponse: NoArguments;
  DownloadResponse: TransferResponse;
  UploadResponse: TransferResponse;
  FactoryResetResponse: NoArguments;
  ScheduleInformResponse: NoArguments;
  ScheduleDownloadResponse: NoArguments;
  CancelTransferResponse: NoArguments;
  ChangeDUStateResponse: NoArguments;
  GetQueuedTransfersResponse: { readonly transferList: readonly QueuedTransferStruct[] };
  GetAllQueuedTransfersResponse: { readonly transferList: readonly AllQueuedTransferStruct[] };

  /** A SOAP Fault (TR-069 A.5) in answer to an ACS RPC. */
  Fault: CwmpFault;
}

export type CpeMethod = keyof CpeMessageMap;
export type CpeMessage = { [M in CpeMethod]: { readonly method: M } & CpeMessageMap[M] }[CpeMethod];
export type CpeMessageOf<M extends CpeMethod> = Extract<CpeMessage, { method: M }>;

/** TR-069 A.3.3.1 DeviceIdStruct; the registry keys devices on OUI-ProductClass-SerialNumber. */
export interface DeviceIdStruct {
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
}

/** "0 BOOTSTRAP", "1 BOOT", "M Download", ... with the CommandKey of M events. */
export interface EventStruct {
  readonly eventCode: string;
  readonly commandKey: string;
}

export interface ParameterInfoStruct {
  readonly name: string;
  readonly writable: boolean;
}

export interface ParameterAttributeStruct {
  readonly name: string;
  readonly notification: NotificationLevel;
  readonly accessList: readonly string[];
}

/** Status 0: done; 1: not yet finished (a TransferComplete follows). */
export interface TransferResponse {
  readonly status: number;
  readonly startTime: string;
  readonly completeTime: string;
}

export interface QueuedTransferStruct {
  readonly commandKey: string;
  /** 1 not yet started, 2 in progress, 3 completed. */
  readonly state: number;
}

export interface AllQueuedTransferStruct extends QueuedTransferStruct {
  readonly isDownload: boolean;
  readonly fileType: string;
  readonly fileSize: number;
  readonly targetFileName: string;
}

/** One failed parameter of a SetParameterValues fault (A.5.1, fault 9003 and friends). */
export interface SetParameterValuesFaultEntry {
  readonly parameterName: string;
  readonly faultCode: number;
  readonly faultString: string;
}

/** A SOAP Fault carrying a cwmp:Fault detail. */
export interface CwmpFault {
  /** SOAP faultcode: "Client" or "Server" (prefix dropped). */
  readonly faultcode: string;
  readonly faultstring: string;
  /** The cwmp:Fault FaultCode; 0 only when `unparseable` is set. */
  readonly faultCode: number;
  /** The cwmp:Fault FaultString; "unparseable fault: <why>" when `unparseable` is set. */
  readonly faultString: string;
  readonly setParameterValuesFault: readonly SetParameterValuesFaultEntry[];
  /**
   * Set by the decoder when no usable FaultCode was found anywhere in the SOAP Fault, so a
   * fault whose code is lost is never mistaken for fault code 0. Ignored by the encoder.
   */
  readonly unparseable?: UnparseableFault;
}

/** What is kept of a SOAP Fault whose cwmp:Fault detail could not be read. */
export interface UnparseableFault {
  /** The SOAP Fault element as received, rendered compactly, at most 2,048 characters. */
  readonly raw: string;
}
