import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { assertNever } from "../core/session/assert-never.ts";
import type { CpeRequest } from "../core/session/cpe-request.ts";
import { completeDuStateChange, recordAutonomousDuChange } from "./du-state-change-complete.ts";
import type { SessionDeps } from "./session-deps.ts";
import { completeTransfer, type TransferSettlement } from "./transfer-complete.ts";

/**
 * What a CPE request (TR-069 A.3.3, A.4.2) settles before it is answered: a completion message
 * ends the task its CommandKey names (TransferComplete, DUStateChangeComplete); the others
 * settle nothing.
 */
export async function settleCpeRequest(
  deps: SessionDeps,
  message: CpeRequest,
  device: DeviceRecord,
  session: SessionState,
): Promise<TransferSettlement | undefined> {
  switch (message.method) {
    case "TransferComplete":
      return completeTransfer(deps, message, device, session);
    case "DUStateChangeComplete":
      return completeDuStateChange(deps, message, device);
    case "AutonomousDUStateChangeComplete":
      return recordAutonomousDuChange(deps, message, device);
    case "AutonomousTransferComplete":
    case "GetRPCMethods":
    case "RequestDownload":
    case "Kicked":
      return undefined;
    default:
      return assertNever(message);
  }
}
