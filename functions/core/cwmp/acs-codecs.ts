import type {
  AcsMessageMap,
  SetParameterAttributesStruct,
  TimeWindowStruct,
} from "./acs-messages.ts";
import { duOperations } from "./du-operation-codec.ts";
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
import { stringArray } from "./struct-codecs.ts";

/**
 * Codecs for every ACS -> CPE method except Fault (see fault-codec.ts),
 * declared after TR-069 Annex A. The mapped type makes a missing method a
 * compile error.
 */
const setParameterAttributesStruct = struct<SetParameterAttributesStruct>({
  name: ["Name", name],
  notificationChange: ["NotificationChange", bool],
  notification: ["Notification", int],
  accessListChange: ["AccessListChange", bool],
  accessList: ["AccessList", stringArray],
});

const timeWindowStruct = struct<TimeWindowStruct>({
  windowStart: ["WindowStart", uint],
  windowEnd: ["WindowEnd", uint],
  windowMode: ["WindowMode", name],
  userMessage: ["UserMessage", str],
  maxRetries: ["MaxRetries", int],
});

const parameterNames = stringArray;

/** The fields Download, Upload and ScheduleDownload share (A.3.2.8, A.3.2.9, A.4.1.7). */
const transferFields = {
  commandKey: ["CommandKey", str],
  fileType: ["FileType", name],
  url: ["URL", name],
  username: ["Username", str],
  password: ["Password", str],
} as const;

export const acsCodecs: { [M in Exclude<keyof AcsMessageMap, "Fault">]: Codec<AcsMessageMap[M]> } =
  {
    InformResponse: struct({ maxEnvelopes: ["MaxEnvelopes", uint] }),
    TransferCompleteResponse: empty,
    AutonomousTransferCompleteResponse: empty,
    GetRPCMethodsResponse: struct({ methodList: ["MethodList", stringArray] }),
    RequestDownloadResponse: empty,
    KickedResponse: struct({ nextURL: ["NextURL", name] }),
    DUStateChangeCompleteResponse: empty,
    AutonomousDUStateChangeCompleteResponse: empty,
    GetRPCMethods: empty,
    GetParameterNames: struct({
      parameterPath: ["ParameterPath", name],
      nextLevel: ["NextLevel", bool],
    }),
    GetParameterValues: struct({ parameterNames: ["ParameterNames", parameterNames] }),
    SetParameterValues: struct({
      parameterList: [
        "ParameterList",
        array("ParameterValueStruct", "cwmp:ParameterValueStruct", parameterValue),
      ],
      parameterKey: ["ParameterKey", str],
    }),
    GetParameterAttributes: struct({ parameterNames: ["ParameterNames", parameterNames] }),
    SetParameterAttributes: struct({
      parameterList: [
        "ParameterList",
        array(
          "SetParameterAttributesStruct",
          "cwmp:SetParameterAttributesStruct",
          setParameterAttributesStruct,
        ),
      ],
    }),
    AddObject: struct({ objectName: ["ObjectName", name], parameterKey: ["ParameterKey", str] }),
    DeleteObject: struct({ objectName: ["ObjectName", name], parameterKey: ["ParameterKey", str] }),
    Reboot: struct({ commandKey: ["CommandKey", str] }),
    Download: struct({
      ...transferFields,
      fileSize: ["FileSize", uint],
      targetFileName: ["TargetFileName", str],
      delaySeconds: ["DelaySeconds", uint],
      successURL: ["SuccessURL", name],
      failureURL: ["FailureURL", name],
    }),
    Upload: struct({
      ...transferFields,
      delaySeconds: ["DelaySeconds", uint],
    }),
    FactoryReset: empty,
    ScheduleInform: struct({
      delaySeconds: ["DelaySeconds", uint],
      commandKey: ["CommandKey", str],
    }),
    ScheduleDownload: struct({
      ...transferFields,
      fileSize: ["FileSize", uint],
      targetFileName: ["TargetFileName", str],
      timeWindowList: [
        "TimeWindowList",
        array("TimeWindowStruct", "cwmp:TimeWindowStruct", timeWindowStruct),
      ],
    }),
    CancelTransfer: struct({ commandKey: ["CommandKey", str] }),
    ChangeDUState: struct({
      operations: ["Operations", duOperations],
      commandKey: ["CommandKey", str],
    }),
    GetQueuedTransfers: empty,
    GetAllQueuedTransfers: empty,
  };
