import type { DownloadArguments } from "../core/cwmp/index.ts";
import { assertNever } from "../core/session/assert-never.ts";
import { type CpeDevice, resetToFactoryState } from "./cpe-device.ts";
import { reboot } from "./cpe-power.ts";
import { type DownloadOptions, type DownloadOutcome, performDownload } from "./download-outcome.ts";
import { armPeriodicInform } from "./periodic-inform.ts";
import type { CpeAction } from "./rpc-handler.ts";
import { simulatedUploadFault, type TransferRequest, transferResult } from "./transfer-result.ts";

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
    case "upload":
      return void device.timers.later(action.request.delaySeconds * 1000, () =>
        transfer(device, action),
      );
    case "schedule-inform":
      return void device.timers.later(action.delaySeconds * 1000, () => {
        device.queue.add("3 SCHEDULED");
        device.queue.add("M ScheduleInform", action.commandKey);
        device.requestSession();
      });
    case "parameters-changed":
      if (action.names.some((name) => name.includes("ManagementServer.PeriodicInform"))) {
        armPeriodicInform(device);
      }
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
 * A Download (real or simulated, download-outcome.ts) or a simulated Upload; its result is
 * reported once no session runs. A successful download installs and reboots, so the next
 * Inform carries 1 BOOT, 7 TRANSFER COMPLETE and M Download (TR-069 A.3.2.8, 3.7.1.5).
 */
function transfer(device: CpeDevice, request: TransferRequest): void {
  const startedMs = Date.now();
  const power = device.power.signal;
  const report = (outcome: DownloadOutcome): void => {
    if (power.aborted) return; // switched off meanwhile: the transfer never finished
    outsideSession(device, () => finishTransfer(device, request, outcome, startedMs));
  };
  if (request.kind === "download" && device.options.httpDownloads !== undefined) {
    void performDownload(downloadOptions(device, request.request)).then(report);
    return;
  }
  device.timers.later(device.options.transferDurationMs ?? 1000, () => {
    if (request.kind === "upload") {
      const fault = simulatedUploadFault(request.request);
      report(
        fault === undefined ? { kind: "installed", version: undefined } : { kind: "failed", fault },
      );
    } else void performDownload(downloadOptions(device, request.request)).then(report);
  });
}

function downloadOptions(device: CpeDevice, request: DownloadArguments): DownloadOptions {
  return {
    request,
    http: device.options.httpDownloads,
    failure: device.misbehaviours.failDownloads,
    signal: device.power.signal,
  };
}

function finishTransfer(
  device: CpeDevice,
  request: TransferRequest,
  outcome: DownloadOutcome,
  startedMs: number,
): void {
  const fault = outcome.kind === "failed" ? outcome.fault : undefined;
  device.queue.addTransfer(transferResult(request, fault, startedMs, Date.now()));
  if (request.kind === "upload" || fault !== undefined) {
    // A late reporter waits for its next periodic or connection-request session.
    if (device.misbehaviours.lateTransferComplete !== true) device.requestSession();
    return;
  }
  if (outcome.kind === "installed" && outcome.version !== undefined) {
    device.model.setInternal("Device.DeviceInfo.SoftwareVersion", outcome.version);
  }
  if (device.state() !== "rebooting") reboot(device, []);
}

/** Work that must not interrupt a running session waits for its end; a switched-off device drops it. */
function outsideSession(device: CpeDevice, work: () => void): void {
  const state = device.state();
  if (state === "in-session") device.afterSession.push(work);
  else if (state !== "off") work();
}
