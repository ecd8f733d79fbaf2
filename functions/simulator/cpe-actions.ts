import type {
  DownloadArguments,
  DuOperation,
  ScheduleDownloadArguments,
  UploadArguments,
} from "../core/cwmp/index.ts";
import { assertNever } from "../core/session/assert-never.ts";
import { armBulkData } from "./bulk-data-reporter.ts";
import { type CpeDevice, resetToFactoryState } from "./cpe-device.ts";
import { reboot } from "./cpe-power.ts";
import { type DownloadOutcome, performDownload } from "./download-outcome.ts";
import type { CpeFaultError } from "./errors.ts";
import { armPeriodicInform } from "./periodic-inform.ts";
import type { CpeAction } from "./rpc-handler.ts";
import { startRequestedDiagnostics } from "./run-diagnostic.ts";
import { applyDuOperations } from "./software-modules.ts";
import { type TransferRequest, transferResult } from "./transfer-result.ts";
import { uploadContent } from "./upload-content.ts";
import { performUpload } from "./upload-outcome.ts";

/** What an answered RPC does once its session is over (TR-069 3.7.2.4). */
export function performAction(device: CpeDevice, action: CpeAction): void {
  switch (action.kind) {
    case "reboot":
      reboot(device, [["M Reboot", action.commandKey]]);
      return;
    case "factory-reset":
      factoryReset(device);
      return;
    case "download":
      return void device.timers.later(action.request.delaySeconds * 1000, () =>
        download(device, action.request),
      );
    case "upload":
      return void device.timers.later(action.request.delaySeconds * 1000, () =>
        upload(device, action.request),
      );
    case "schedule-inform":
      return void device.timers.later(action.delaySeconds * 1000, () => {
        device.queue.add("3 SCHEDULED");
        device.queue.add("M ScheduleInform", action.commandKey);
        device.requestSession();
      });
    case "schedule-download":
      scheduleDownload(device, action.request);
      return;
    case "change-du-state":
      return void device.timers.later(device.options.transferDurationMs ?? 1000, () =>
        outsideSession(device, () => changeDuState(device, action.operations, action.commandKey)),
      );
    case "parameters-changed":
      if (action.names.some((name) => name.includes("ManagementServer.PeriodicInform"))) {
        armPeriodicInform(device);
      }
      if (action.names.some((name) => name.includes(".BulkData."))) armBulkData(device);
      startRequestedDiagnostics(device, action.names);
      return;
    default:
      assertNever(action);
  }
}

/** TR-069 3.7.1.5: after a factory reset the next session carries 0 BOOTSTRAP. */
function factoryReset(device: CpeDevice): void {
  resetToFactoryState(device);
  reboot(device, []);
}

/**
 * A Download, real or simulated (download-outcome.ts). A successful one installs and reboots,
 * so the next Inform carries 1 BOOT, 7 TRANSFER COMPLETE and M Download (TR-069 A.3.2.8,
 * 3.7.1.5); a failed one is reported at once, without a reboot.
 */
function download(
  device: CpeDevice,
  request: DownloadArguments,
  kind: "download" | "schedule-download" = "download",
): void {
  const startedMs = Date.now();
  const power = device.power.signal;
  const run = (): void =>
    void performDownload({
      request,
      http: device.options.httpDownloads,
      failure: device.misbehaviours.failDownloads,
      signal: power,
    }).then((outcome) => {
      if (power.aborted) return; // switched off meanwhile: the transfer never finished
      outsideSession(device, () => finishDownload(device, { kind, request }, outcome, startedMs));
    });
  // A real transfer takes the time it takes; a simulated one the configured time.
  if (device.options.httpDownloads !== undefined) run();
  else device.timers.later(device.options.transferDurationMs ?? 1000, run);
}

function finishDownload(
  device: CpeDevice,
  transfer: TransferRequest,
  outcome: DownloadOutcome,
  startedMs: number,
): void {
  device.transfers.finish(transfer.request.commandKey);
  if (outcome.kind === "failed") {
    report(device, transfer, outcome.fault, startedMs);
    return;
  }
  device.queue.addTransfer(transferResult(transfer, undefined, startedMs, Date.now()));
  if (outcome.kind === "installed" && outcome.version !== undefined) {
    device.model.setInternal("Device.DeviceInfo.SoftwareVersion", outcome.version);
  }
  if (device.state() !== "rebooting") reboot(device, []);
}

/**
 * An Upload (TR-069 A.4.1.5), real or simulated (upload-outcome.ts), reported at once in a
 * session of its own (TransferComplete, 7 TRANSFER COMPLETE, M Upload); nothing reboots.
 */
function upload(device: CpeDevice, request: UploadArguments): void {
  const startedMs = Date.now();
  const power = device.power.signal;
  const run = (): void => {
    const body = uploadContent(
      request.fileType,
      {
        serialNumber: device.profile.serialNumber,
        model: device.model,
        bootTimeMs: device.boot.timeMs,
        sessions: device.history,
      },
      Date.now(),
    );
    void performUpload({
      request,
      body,
      http: device.options.httpUploads,
      injectedFailure: device.misbehaviours.failUploads === true,
      signal: power,
    }).then((fault) => {
      if (power.aborted) return; // switched off meanwhile: the transfer never finished
      device.options.observer?.onUpload?.(device.profile.serialNumber, {
        commandKey: request.commandKey,
        fileType: request.fileType,
        url: request.url,
        body,
        faultCode: fault?.faultCode ?? 0,
      });
      outsideSession(device, () => report(device, { kind: "upload", request }, fault, startedMs));
    });
  };
  // A real transfer takes the time it takes; a simulated one the configured time.
  if (device.options.httpUploads !== undefined) run();
  else device.timers.later(device.options.transferDurationMs ?? 1000, run);
}

/** TransferComplete without a reboot, in a session of its own. */
function report(
  device: CpeDevice,
  transfer: TransferRequest,
  fault: CpeFaultError | undefined,
  startedMs: number,
): void {
  device.queue.addTransfer(transferResult(transfer, fault, startedMs, Date.now()));
  // A late reporter waits for its next periodic or connection-request session.
  if (device.misbehaviours.lateTransferComplete !== true) device.requestSession();
}

/** Work that must not interrupt a running session waits for its end; a switched-off device drops it. */
function outsideSession(device: CpeDevice, work: () => void): void {
  const state = device.state();
  if (state === "in-session") device.afterSession.push(work);
  else if (state !== "off") work();
}

/**
 * ScheduleDownload (TR-069 A.4.1.8): the Download starts when the first window opens
 * (WindowStart seconds after the RPC) unless CancelTransfer took it off the queue meanwhile,
 * and is reported with M ScheduleDownload.
 */
function scheduleDownload(device: CpeDevice, request: ScheduleDownloadArguments): void {
  const startSeconds = request.timeWindowList[0]?.windowStart ?? 0;
  device.timers.later(startSeconds * 1000, () => {
    if (!device.transfers.start(request.commandKey)) return;
    const { timeWindowList: _windows, ...transfer } = request;
    const asDownload = { ...transfer, delaySeconds: 0, successURL: "", failureURL: "" };
    download(device, asDownload, "schedule-download");
  });
}

/**
 * ChangeDUState carried out after its session (TR-069 A.4.1.10), reported at once in a session
 * of its own with 11 DU STATE CHANGE COMPLETE and M ChangeDUState (A.4.2.1, 3.7.1.5).
 */
function changeDuState(
  device: CpeDevice,
  operations: readonly DuOperation[],
  commandKey: string,
): void {
  const results = applyDuOperations(device.model, operations, Date.now());
  device.queue.addTransfer({
    eventCode: "M ChangeDUState",
    message: { method: "DUStateChangeComplete", results, commandKey },
  });
  device.requestSession();
}
