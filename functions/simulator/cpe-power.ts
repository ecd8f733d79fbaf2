import { armBulkData } from "./bulk-data-reporter.ts";
import type { CpeDevice } from "./cpe-device.ts";
import { armPeriodicInform } from "./periodic-inform.ts";

/** An event the next Inform carries, with its CommandKey (TR-069 3.7.1.5). */
export type BootEvent = readonly [eventCode: string, commandKey: string];

/** Power on: boot and contact the ACS. Undone by `powerOff`. */
export function powerOn(device: CpeDevice): void {
  if (device.state() !== "off") return;
  device.power = new AbortController();
  boot(device, []);
}

/** Power off: cancel every timer, abort a running session, wait for it and XMPP to end. */
export async function powerOff(device: CpeDevice): Promise<void> {
  device.enterState("off");
  device.power.abort();
  device.timers.clear();
  device.afterSession.length = 0;
  await Promise.all([device.running, device.xmpp.stop(), device.stun.stop()]);
}

/** Restart after `delayMs` (default the reboot time); the events join the boot Inform. */
export function reboot(
  device: CpeDevice,
  extraEvents: readonly BootEvent[],
  delayMs?: number,
): void {
  device.enterState("rebooting");
  void device.xmpp.stop();
  void device.stun.stop();
  device.timers.cancel(device.periodicTimer);
  for (const timer of device.bulkDataTimers.splice(0)) device.timers.cancel(timer);
  device.timers.cancel(device.retryTimer);
  device.queue.clearForReboot();
  device.timers.later(delayMs ?? device.options.rebootDelayMs ?? 2000, () =>
    boot(device, extraEvents),
  );
}

function boot(device: CpeDevice, extraEvents: readonly BootEvent[]): void {
  device.boot.timeMs = Date.now();
  device.enterState("idle");
  addBootEvents(device);
  for (const [code, key] of extraEvents) device.queue.add(code, key);
  device.options.observer?.onBoot?.(device.profile.serialNumber);
  armPeriodicInform(device);
  armBulkData(device);
  device.xmpp.reconcile();
  device.stun.reconcile();
  device.requestSession();
}

/** TR-069 3.7.1.5; a neverBootstrap device's first contact looks like a periodic one. */
function addBootEvents(device: CpeDevice): void {
  const { queue, boot: memory } = device;
  if (device.misbehaviours.neverBootstrap === true) {
    queue.add(memory.everBooted ? "1 BOOT" : "2 PERIODIC");
  } else {
    if (!memory.bootstrapped) queue.add("0 BOOTSTRAP");
    queue.add("1 BOOT");
  }
  memory.everBooted = true;
}
