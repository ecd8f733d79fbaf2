import type { AcsMessageOf, CpeMessage } from "../core/cwmp/index.ts";
import type { DataModel } from "./data-model.ts";
import { CpeFaultError } from "./errors.ts";
import type { RpcOutcome } from "./rpc-handler.ts";
import type { ScheduledTransfers } from "./scheduled-transfers.ts";

export type OptionalRpc = AcsMessageOf<
  | "ScheduleDownload"
  | "CancelTransfer"
  | "ChangeDUState"
  | "GetQueuedTransfers"
  | "GetAllQueuedTransfers"
>;

const transferSchemes = new Set(["http:", "https:", "ftp:"]);

function checkUrl(url: string): void {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new CpeFaultError(9003, "URL is not a URL");
  }
  if (!transferSchemes.has(scheme)) throw new CpeFaultError(9013, scheme);
}

function reply(response: CpeMessage): RpcOutcome {
  return { response };
}

/**
 * The optional RPCs of TR-069 A.4.1 the simulated device implements beyond the usual ones:
 * the scheduled-download queue (A.4.1.1, A.4.1.7, A.4.1.8, A.4.1.9) and software modules
 * (ChangeDUState, A.4.1.10: answered at once, carried out after the session, reported by
 * DUStateChangeComplete in a session of its own).
 */
export function optionalRpc(
  message: OptionalRpc,
  model: DataModel,
  transfers: ScheduledTransfers,
): RpcOutcome {
  switch (message.method) {
    case "ScheduleDownload": {
      checkUrl(message.url);
      const windows = message.timeWindowList;
      // A.4.1.8: one or two windows, each ending after it starts, the second after the first.
      const [first, second] = windows;
      if (
        first === undefined ||
        windows.length > 2 ||
        windows.some((w) => w.windowEnd < w.windowStart) ||
        (second !== undefined && second.windowStart < first.windowEnd)
      )
        throw new CpeFaultError(9003, "TimeWindowList");
      transfers.add(message);
      return {
        response: { method: "ScheduleDownloadResponse" },
        action: { kind: "schedule-download", request: message },
      };
    }
    case "CancelTransfer":
      transfers.cancel(message.commandKey);
      return reply({ method: "CancelTransferResponse" });
    case "GetQueuedTransfers":
      return reply({
        method: "GetQueuedTransfersResponse",
        transferList: transfers.list().map(({ commandKey, state }) => ({ commandKey, state })),
      });
    case "GetAllQueuedTransfers":
      return reply({ method: "GetAllQueuedTransfersResponse", transferList: transfers.list() });
    case "ChangeDUState":
      // Only the TR-181 tree has SoftwareModules (software-modules.ts).
      if (model.root !== "Device.") throw new CpeFaultError(9000, message.method);
      for (const op of message.operations)
        if (op.operation !== "UninstallOpStruct" && op.url) checkUrl(op.url);
      return {
        response: { method: "ChangeDUStateResponse" },
        action: {
          kind: "change-du-state",
          operations: message.operations,
          commandKey: message.commandKey,
        },
      };
  }
}
