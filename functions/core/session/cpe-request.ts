import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { CpeMessage, CpeMessageOf } from "../cwmp/cpe-messages.ts";

/** Methods a CPE may call on the ACS (TR-069 A.3.3, A.4.2). */
export type CpeRequest = CpeMessageOf<
  | "TransferComplete"
  | "AutonomousTransferComplete"
  | "GetRPCMethods"
  | "RequestDownload"
  | "Kicked"
  | "DUStateChangeComplete"
  | "AutonomousDUStateChangeComplete"
>;

const requestMethods = new Set<string>([
  "TransferComplete",
  "AutonomousTransferComplete",
  "GetRPCMethods",
  "RequestDownload",
  "Kicked",
  "DUStateChangeComplete",
  "AutonomousDUStateChangeComplete",
]);

export function isCpeRequest(message: CpeMessage): message is CpeRequest {
  return requestMethods.has(message.method);
}

/** What the ACS implements, answered to GetRPCMethods (TR-069 A.3.1.1). */
export const acsMethods = [
  "Inform",
  "GetRPCMethods",
  "TransferComplete",
  "AutonomousTransferComplete",
  "RequestDownload",
  "Kicked",
  "DUStateChangeComplete",
  "AutonomousDUStateChangeComplete",
] as const;

/**
 * The ACS's answer to a CPE request. RequestDownload is acknowledged (we
 * serve no files for it yet); Kicked has no portal behind it, so it gets
 * fault 8001 Request denied (TR-069 A.4.2.1 lets the ACS refuse).
 */
export function answerCpeRequest(request: CpeRequest): AcsMessage {
  switch (request.method) {
    case "TransferComplete":
      return { method: "TransferCompleteResponse" };
    case "AutonomousTransferComplete":
      return { method: "AutonomousTransferCompleteResponse" };
    case "GetRPCMethods":
      return { method: "GetRPCMethodsResponse", methodList: acsMethods };
    case "RequestDownload":
      return { method: "RequestDownloadResponse" };
    case "Kicked":
      return {
        method: "Fault",
        faultcode: "Server",
        faultstring: "CWMP fault",
        faultCode: 8001,
        faultString: "Request denied: no Kicked portal configured",
        setParameterValuesFault: [],
      };
    case "DUStateChangeComplete":
      return { method: "DUStateChangeCompleteResponse" };
    case "AutonomousDUStateChangeComplete":
      return { method: "AutonomousDUStateChangeCompleteResponse" };
  }
}
