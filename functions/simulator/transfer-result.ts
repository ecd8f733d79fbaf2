import type { DownloadArguments, UploadArguments } from "../core/cwmp/index.ts";
import { cpeFaultStrings } from "./errors.ts";
import type { PendingTransfer } from "./event-queue.ts";
import { formatDateTime } from "./param-value.ts";

export type TransferRequest =
  | { readonly kind: "download"; readonly request: DownloadArguments }
  | { readonly kind: "upload"; readonly request: UploadArguments };

/**
 * The simulated outcome of a Download or Upload (no bytes move; the URL is
 * never contacted). A URL containing "fail" fails with 9010 (download) or
 * 9011 (upload), reported in TransferComplete (TR-069 A.3.3.2).
 */
export function transferResult(
  transfer: TransferRequest,
  startedMs: number,
  completedMs: number,
): PendingTransfer & { readonly failed: boolean } {
  const failed = transfer.request.url.includes("fail");
  const faultCode = transfer.kind === "download" ? 9010 : 9011;
  return {
    failed,
    eventCode: transfer.kind === "download" ? "M Download" : "M Upload",
    message: {
      method: "TransferComplete",
      commandKey: transfer.request.commandKey,
      faultStruct: failed
        ? { faultCode, faultString: `${cpeFaultStrings[faultCode]}: ${transfer.request.url}` }
        : { faultCode: 0, faultString: "" },
      startTime: formatDateTime(startedMs),
      completeTime: formatDateTime(completedMs),
    },
  };
}

/** What a firmware image would report as SoftwareVersion: its file name without extension. */
export function firmwareVersion(request: DownloadArguments): string | undefined {
  if (!request.fileType.startsWith("1 ")) return undefined;
  const name = request.targetFileName || new URL(request.url).pathname.split("/").pop() || "";
  const version = name.replace(/\.(bin|img|trx|tar|gz|zip)$/i, "");
  return version === "" ? undefined : version;
}
