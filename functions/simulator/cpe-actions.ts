import { assertNever } from "../core/session/assert-never.ts";
import { type CpeDevice, resetToFactoryState } from "./cpe-device.ts";
import { reboot } from "./cpe-power.ts";
import { armPeriodicInform } from "./periodic-inform.ts";
import type { CpeAction } from "./rpc-handler.ts";
import { firmwareVersion, type TransferRequest, transferResult } from "./transfer-result.ts";

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

/** A simulated transfer; a successful download installs and reboots (TR-069 A.3.2.8). */
function transfer(device: CpeDevice, request: TransferRequest): void {
  const startedMs = Date.now();
  device.timers.later(device.options.transferDurationMs ?? 1000, () =>
    outsideSession(device, () => {
      const result = transferResult(request, startedMs, Date.now());
      device.queue.addTransfer(result);
      if (request.kind === "upload" || result.failed) {
        // A late reporter waits for its next periodic or connection-request session.
        if (device.misbehaviours.lateTransferComplete !== true) device.requestSession();
        return;
      }
      const version = firmwareVersion(request.request);
      if (version !== undefined) {
        device.model.setInternal("Device.DeviceInfo.SoftwareVersion", version);
      }
      if (device.state() !== "rebooting") reboot(device, []);
    }),
  );
}

/** Work that must not interrupt a running session waits for its end; a switched-off device drops it. */
function outsideSession(device: CpeDevice, work: () => void): void {
  const state = device.state();
  if (state === "in-session") device.afterSession.push(work);
  else if (state !== "off") work();
}
