import type { AcsMessage } from "../core/cwmp/index.ts";
import { assertNever } from "../core/session/assert-never.ts";

/**
 * One ACS RPC as the device received it, reduced to its method and the arguments that
 * identify it: `SetParameterValues:Device.X=1,Device.Y=2`, `GetParameterValues:Device.A,Device.B`,
 * `AddObject:Device.X.`, `Reboot:<CommandKey>`, `Download:<CommandKey>`. Two equal signatures
 * in one session mean the ACS sent the same RPC twice (a loop), seen from the CPE side only.
 * Messages that are not RPCs (responses to the CPE's requests, ACS faults) are named bare.
 */
export function rpcSignature(message: AcsMessage): string {
  return `${message.method}${argumentsOf(message)}`;
}

function argumentsOf(message: AcsMessage): string {
  const list = (items: readonly string[]): string => `:${items.join(",")}`;
  switch (message.method) {
    case "GetParameterValues":
    case "GetParameterAttributes":
      return list(message.parameterNames);
    case "SetParameterValues":
      return list(message.parameterList.map((entry) => `${entry.name}=${entry.value}`));
    case "SetParameterAttributes":
      return list(message.parameterList.map((entry) => entry.name));
    case "GetParameterNames":
      return `:${message.parameterPath}${message.nextLevel ? " (next level)" : ""}`;
    case "AddObject":
    case "DeleteObject":
      return `:${message.objectName}`;
    case "Reboot":
    case "Download":
    case "Upload":
    case "ScheduleInform":
    case "ScheduleDownload":
    case "CancelTransfer":
    case "ChangeDUState":
      // TR-069 A.3.2.9 / A.3.2.8: the CommandKey names the request in the CPE's later events.
      return `:${message.commandKey}`;
    case "GetRPCMethods":
    case "FactoryReset":
    case "GetQueuedTransfers":
    case "GetAllQueuedTransfers":
    case "InformResponse":
    case "TransferCompleteResponse":
    case "AutonomousTransferCompleteResponse":
    case "GetRPCMethodsResponse":
    case "RequestDownloadResponse":
    case "KickedResponse":
    case "DUStateChangeCompleteResponse":
    case "AutonomousDUStateChangeCompleteResponse":
    case "Fault":
      return "";
    default:
      return assertNever(message);
  }
}
