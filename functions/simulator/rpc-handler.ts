import {
  type AcsMessage,
  type CpeMessage,
  type CwmpFault,
  type DownloadArguments,
  type DuOperation,
  type ScheduleDownloadArguments,
  soapFaultCodeFor,
  type UploadArguments,
} from "../core/cwmp/index.ts";
import { assertNever } from "../core/session/assert-never.ts";
import type { DataModel } from "./data-model.ts";
import { CpeFaultError, cpeFaultStrings } from "./errors.ts";
import { optionalRpc } from "./optional-rpcs.ts";
import { createScheduledTransfers, type ScheduledTransfers } from "./scheduled-transfers.ts";

/** What the device does once the session that asked for it has ended (TR-069 3.7.2.4). */
export type CpeAction =
  | { readonly kind: "reboot"; readonly commandKey: string }
  | { readonly kind: "factory-reset" }
  | { readonly kind: "download"; readonly request: DownloadArguments }
  | { readonly kind: "upload"; readonly request: UploadArguments }
  | { readonly kind: "schedule-inform"; readonly delaySeconds: number; readonly commandKey: string }
  | { readonly kind: "parameters-changed"; readonly names: readonly string[] }
  | { readonly kind: "schedule-download"; readonly request: ScheduleDownloadArguments }
  | {
      readonly kind: "change-du-state";
      readonly operations: readonly DuOperation[];
      readonly commandKey: string;
    };

export interface RpcOutcome {
  readonly response: CpeMessage;
  readonly action?: CpeAction;
}

export interface RpcHandlerOptions {
  /** The current tree (a factory reset replaces it, so it is looked up per call). */
  readonly model: () => DataModel;
  /** The ScheduleDownload queue (scheduled-transfers.ts). @default one of the handler's own */
  readonly transfers?: () => ScheduledTransfers;
}

export interface RpcHandler {
  /** Answers one ACS RPC; never throws: refusals become CWMP faults (TR-069 A.5.1). */
  handle(message: AcsMessage): RpcOutcome;
}

/** The RPCs the simulated device implements (TR-069 A.3.1, A.3.2, A.4.1). */
export const supportedRpcMethods = [
  "GetRPCMethods",
  "GetParameterNames",
  "GetParameterValues",
  "SetParameterValues",
  "GetParameterAttributes",
  "SetParameterAttributes",
  "AddObject",
  "DeleteObject",
  "Reboot",
  "Download",
  "Upload",
  "FactoryReset",
  "ScheduleInform",
  "ScheduleDownload",
  "CancelTransfer",
  "ChangeDUState",
  "GetQueuedTransfers",
  "GetAllQueuedTransfers",
] as const;

/** TR-069 A.3.2.8: with Status 1 both times are the Unknown Time. */
const unknownTime = "0001-01-01T00:00:00Z";
const transferSchemes = new Set(["http:", "https:", "ftp:"]);
const parameterKeyPath = "ManagementServer.ParameterKey";

export function createRpcHandler(options: RpcHandlerOptions): RpcHandler {
  const { model } = options;
  const own = createScheduledTransfers();
  const transfers = options.transfers ?? (() => own);
  return {
    handle: (message) => {
      try {
        return dispatch(model(), transfers(), message);
      } catch (error) {
        if (error instanceof CpeFaultError) return { response: faultResponse(error) };
        // A bug in the simulator must still end in a valid answer: 9002 Internal error.
        return { response: faultResponse(new CpeFaultError(9002, String(error))) };
      }
    },
  };
}

type ParameterRpc = Extract<
  AcsMessage,
  {
    readonly method:
      | "GetParameterNames"
      | "GetParameterValues"
      | "SetParameterValues"
      | "GetParameterAttributes"
      | "SetParameterAttributes"
      | "AddObject"
      | "DeleteObject";
  }
>;

function dispatch(
  model: DataModel,
  transfers: ScheduledTransfers,
  message: AcsMessage,
): RpcOutcome {
  switch (message.method) {
    case "GetRPCMethods":
      return reply({ method: "GetRPCMethodsResponse", methodList: [...supportedRpcMethods] });
    case "GetParameterNames":
    case "GetParameterValues":
    case "SetParameterValues":
    case "GetParameterAttributes":
    case "SetParameterAttributes":
    case "AddObject":
    case "DeleteObject":
      return parameterRpc(model, message);
    case "Reboot":
      return {
        response: { method: "RebootResponse" },
        action: { kind: "reboot", commandKey: message.commandKey },
      };
    case "FactoryReset":
      return { response: { method: "FactoryResetResponse" }, action: { kind: "factory-reset" } };
    case "Download":
      checkTransferUrl(message.url);
      return {
        response: transferResponse("DownloadResponse"),
        action: { kind: "download", request: message },
      };
    case "Upload":
      checkTransferUrl(message.url);
      return {
        response: transferResponse("UploadResponse"),
        action: { kind: "upload", request: message },
      };
    case "ScheduleInform":
      // A.4.1.5: DelaySeconds must be positive.
      if (message.delaySeconds <= 0) throw new CpeFaultError(9003, "DelaySeconds must be > 0");
      return {
        response: { method: "ScheduleInformResponse" },
        action: {
          kind: "schedule-inform",
          delaySeconds: message.delaySeconds,
          commandKey: message.commandKey,
        },
      };
    case "ScheduleDownload":
    case "CancelTransfer":
    case "ChangeDUState":
    case "GetQueuedTransfers":
    case "GetAllQueuedTransfers":
      return optionalRpc(message, model, transfers);
    // Messages that are not RPCs.
    case "InformResponse":
    case "TransferCompleteResponse":
    case "AutonomousTransferCompleteResponse":
    case "GetRPCMethodsResponse":
    case "RequestDownloadResponse":
    case "KickedResponse":
    case "DUStateChangeCompleteResponse":
    case "AutonomousDUStateChangeCompleteResponse":
    case "Fault":
      throw new CpeFaultError(9000, message.method);
    default:
      return assertNever(message);
  }
}

/** The parameter and object RPCs (TR-069 A.3.2.1 to A.3.2.7): all work on the data model. */
function parameterRpc(model: DataModel, message: ParameterRpc): RpcOutcome {
  switch (message.method) {
    case "GetParameterNames":
      return reply({
        method: "GetParameterNamesResponse",
        parameterList: model.getParameterNames(message.parameterPath, message.nextLevel),
      });
    case "GetParameterValues":
      return reply({
        method: "GetParameterValuesResponse",
        parameterList: model.getParameterValues(message.parameterNames),
      });
    case "SetParameterValues":
      model.setParameterValues(message.parameterList);
      setParameterKey(model, message.parameterKey);
      return {
        response: { method: "SetParameterValuesResponse", status: 0 },
        action: {
          kind: "parameters-changed",
          names: message.parameterList.map((entry) => entry.name),
        },
      };
    case "GetParameterAttributes":
      return reply({
        method: "GetParameterAttributesResponse",
        parameterList: model.getParameterAttributes(message.parameterNames),
      });
    case "SetParameterAttributes":
      model.setParameterAttributes(message.parameterList);
      return reply({ method: "SetParameterAttributesResponse" });
    case "AddObject": {
      const instanceNumber = model.addObject(message.objectName);
      setParameterKey(model, message.parameterKey);
      return reply({ method: "AddObjectResponse", instanceNumber, status: 0 });
    }
    case "DeleteObject":
      model.deleteObject(message.objectName);
      setParameterKey(model, message.parameterKey);
      return reply({ method: "DeleteObjectResponse", status: 0 });
    default:
      return assertNever(message);
  }
}

/** SetParameterValues, AddObject, DeleteObject carry a ParameterKey (TR-069 A.3.2.1/6/7). */
function setParameterKey(model: DataModel, key: string): void {
  model.setInternal(`${model.root}${parameterKeyPath}`, key);
}

function reply(response: CpeMessage): RpcOutcome {
  return { response };
}

function transferResponse(method: "DownloadResponse" | "UploadResponse"): CpeMessage {
  return { method, status: 1, startTime: unknownTime, completeTime: unknownTime };
}

function checkTransferUrl(url: string): void {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new CpeFaultError(9003, "URL is not a URL");
  }
  if (!transferSchemes.has(scheme)) throw new CpeFaultError(9013, scheme);
}

/** A CWMP fault message for a refused RPC (TR-069 A.5.1). */
export function faultResponse(error: CpeFaultError): CwmpFault & { readonly method: "Fault" } {
  return {
    method: "Fault",
    faultcode: soapFaultCodeFor(error.faultCode),
    faultstring: "CWMP fault",
    faultCode: error.faultCode,
    faultString: error.entries.length > 0 ? cpeFaultStrings[error.faultCode] : error.message,
    setParameterValuesFault: error.entries,
  };
}
