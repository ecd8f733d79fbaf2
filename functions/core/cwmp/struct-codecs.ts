import type {
  AllQueuedTransferStruct,
  DeviceIdStruct,
  EventStruct,
  ParameterAttributeStruct,
  ParameterInfoStruct,
  QueuedTransferStruct,
  TransferResponse,
} from "./cpe-messages.ts";
import { array, bool, type Codec, int, name, str, struct, uint } from "./schema.ts";
import type {
  ArgStruct,
  AutonOpResultStruct,
  FaultStruct,
  OpResultStruct,
} from "./shared-structs.ts";

/** Codecs of the structures TR-069 Annex A names, shared by several messages. */

export const faultStruct: Codec<FaultStruct> = struct<FaultStruct>({
  faultCode: ["FaultCode", uint],
  faultString: ["FaultString", str],
});

export const deviceIdStruct = struct<DeviceIdStruct>({
  manufacturer: ["Manufacturer", name],
  oui: ["OUI", name],
  productClass: ["ProductClass", name],
  serialNumber: ["SerialNumber", name],
});

export const eventStruct = struct<EventStruct>({
  eventCode: ["EventCode", name],
  commandKey: ["CommandKey", str],
});

export const parameterInfoStruct = struct<ParameterInfoStruct>({
  name: ["Name", name],
  writable: ["Writable", bool],
});

export const stringArray = array("string", "xsd:string", name);

export const parameterAttributeStruct = struct<ParameterAttributeStruct>({
  name: ["Name", name],
  notification: ["Notification", int],
  accessList: ["AccessList", stringArray],
});

export const argStruct = struct<ArgStruct>({ name: ["Name", name], value: ["Value", str] });

/** OpResultStruct's fields (A.4.2.1), shared by the autonomous variant. */
const opResultFields = {
  uuid: ["UUID", name],
  deploymentUnitRef: ["DeploymentUnitRef", name],
  version: ["Version", str],
  currentState: ["CurrentState", name],
  resolved: ["Resolved", bool],
  executionUnitRefList: ["ExecutionUnitRefList", str],
  startTime: ["StartTime", name],
  completeTime: ["CompleteTime", name],
  fault: ["Fault", faultStruct],
} as const;

export const opResultStruct = struct<OpResultStruct>(opResultFields);

export const autonOpResultStruct = struct<AutonOpResultStruct>({
  ...opResultFields,
  operationPerformed: ["OperationPerformed", name],
});

export const transferResponse = struct<TransferResponse>({
  status: ["Status", int],
  startTime: ["StartTime", name],
  completeTime: ["CompleteTime", name],
});

export const queuedTransferStruct = struct<QueuedTransferStruct>({
  commandKey: ["CommandKey", str],
  state: ["State", int],
});

export const allQueuedTransferStruct = struct<AllQueuedTransferStruct>({
  commandKey: ["CommandKey", str],
  state: ["State", int],
  isDownload: ["IsDownload", bool],
  fileType: ["FileType", name],
  fileSize: ["FileSize", uint],
  targetFileName: ["TargetFileName", str],
});
