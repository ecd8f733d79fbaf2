import type { CpeMessageMap } from "./cpe-messages.ts";
import { repeatedResults } from "./du-operation-codec.ts";
import {
  array,
  bool,
  type Codec,
  empty,
  int,
  name,
  parameterValue,
  str,
  struct,
  uint,
} from "./schema.ts";
import {
  allQueuedTransferStruct,
  argStruct,
  autonOpResultStruct,
  deviceIdStruct,
  eventStruct,
  faultStruct,
  opResultStruct,
  parameterAttributeStruct,
  parameterInfoStruct,
  queuedTransferStruct,
  stringArray,
  transferResponse,
} from "./struct-codecs.ts";

/**
 * Codecs for every CPE -> ACS method except Fault (see fault-codec.ts),
 * declared after TR-069 Annex A. The mapped type makes a missing method a
 * compile error.
 */
export const cpeCodecs: { [M in Exclude<keyof CpeMessageMap, "Fault">]: Codec<CpeMessageMap[M]> } =
  {
    Inform: struct({
      deviceId: ["DeviceId", deviceIdStruct],
      event: ["Event", array("EventStruct", "cwmp:EventStruct", eventStruct)],
      maxEnvelopes: ["MaxEnvelopes", uint],
      currentTime: ["CurrentTime", name],
      retryCount: ["RetryCount", uint],
      parameterList: [
        "ParameterList",
        array("ParameterValueStruct", "cwmp:ParameterValueStruct", parameterValue),
      ],
    }),
    TransferComplete: struct({
      commandKey: ["CommandKey", str],
      faultStruct: ["FaultStruct", faultStruct],
      startTime: ["StartTime", name],
      completeTime: ["CompleteTime", name],
    }),
    AutonomousTransferComplete: struct({
      announceURL: ["AnnounceURL", name],
      transferURL: ["TransferURL", name],
      isDownload: ["IsDownload", bool],
      fileType: ["FileType", name],
      fileSize: ["FileSize", uint],
      targetFileName: ["TargetFileName", str],
      faultStruct: ["FaultStruct", faultStruct],
      startTime: ["StartTime", name],
      completeTime: ["CompleteTime", name],
    }),
    GetRPCMethods: empty,
    RequestDownload: struct({
      fileType: ["FileType", name],
      fileTypeArg: ["FileTypeArg", array("ArgStruct", "cwmp:ArgStruct", argStruct)],
    }),
    Kicked: struct({
      command: ["Command", str],
      referer: ["Referer", str],
      arg: ["Arg", str],
      next: ["Next", str],
    }),
    DUStateChangeComplete: struct({
      results: ["Results", repeatedResults("OpResultStruct", opResultStruct)],
      commandKey: ["CommandKey", str],
    }),
    AutonomousDUStateChangeComplete: struct({
      results: ["Results", repeatedResults("AutonOpResultStruct", autonOpResultStruct)],
    }),
    GetRPCMethodsResponse: struct({ methodList: ["MethodList", stringArray] }),
    GetParameterNamesResponse: struct({
      parameterList: [
        "ParameterList",
        array("ParameterInfoStruct", "cwmp:ParameterInfoStruct", parameterInfoStruct),
      ],
    }),
    GetParameterValuesResponse: struct({
      parameterList: [
        "ParameterList",
        array("ParameterValueStruct", "cwmp:ParameterValueStruct", parameterValue),
      ],
    }),
    SetParameterValuesResponse: struct({ status: ["Status", int] }),
    GetParameterAttributesResponse: struct({
      parameterList: [
        "ParameterList",
        array(
          "ParameterAttributeStruct",
          "cwmp:ParameterAttributeStruct",
          parameterAttributeStruct,
        ),
      ],
    }),
    SetParameterAttributesResponse: empty,
    AddObjectResponse: struct({
      instanceNumber: ["InstanceNumber", uint],
      status: ["Status", int],
    }),
    DeleteObjectResponse: struct({ status: ["Status", int] }),
    RebootResponse: empty,
    DownloadResponse: transferResponse,
    UploadResponse: transferResponse,
    FactoryResetResponse: empty,
    ScheduleInformResponse: empty,
    ScheduleDownloadResponse: empty,
    CancelTransferResponse: empty,
    ChangeDUStateResponse: empty,
    GetQueuedTransfersResponse: struct({
      transferList: [
        "TransferList",
        array("QueuedTransferStruct", "cwmp:QueuedTransferStruct", queuedTransferStruct),
      ],
    }),
    GetAllQueuedTransfersResponse: struct({
      transferList: [
        "TransferList",
        array("AllQueuedTransferStruct", "cwmp:AllQueuedTransferStruct", allQueuedTransferStruct),
      ],
    }),
  };
