import type { DownloadArguments, UploadArguments } from "../core/cwmp/index.ts";
import type { CpeFaultError } from "./errors.ts";
import type { PendingTransfer } from "./event-queue.ts";
import { formatDateTime } from "./param-value.ts";

export type TransferRequest =
  | { readonly kind: "download"; readonly request: DownloadArguments }
  | { readonly kind: "upload"; readonly request: UploadArguments }
  /** ScheduleDownload (TR-069 A.4.1.8), carried out as a Download once its window opens. */
  | { readonly kind: "schedule-download"; readonly request: DownloadArguments };

const eventCodes = {
  download: "M Download",
  upload: "M Upload",
  "schedule-download": "M ScheduleDownload",
} as const;

/**
 * The TransferComplete of a finished transfer and its M event (TR-069 A.3.3.2): FaultStruct
 * 0 on success, else the fault's code and string.
 */
export function transferResult(
  transfer: TransferRequest,
  fault: CpeFaultError | undefined,
  startedMs: number,
  completedMs: number,
): PendingTransfer {
  return {
    eventCode: eventCodes[transfer.kind],
    message: {
      method: "TransferComplete",
      commandKey: transfer.request.commandKey,
      faultStruct:
        fault === undefined
          ? { faultCode: 0, faultString: "" }
          : { faultCode: fault.faultCode, faultString: fault.message },
      startTime: formatDateTime(startedMs),
      completeTime: formatDateTime(completedMs),
    },
  };
}
