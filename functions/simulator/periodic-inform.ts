import type { CpeDevice } from "./cpe-device.ts";
import { managementServer } from "./cpe-model.ts";

/** (Re)starts the periodic Inform timer from ManagementServer.PeriodicInform* (TR-069 3.2.1). */
export function armPeriodicInform(device: CpeDevice): void {
  device.timers.cancel(device.periodicTimer);
  device.periodicTimer = undefined;
  const intervalSec = Number(managementServer(device.model, "PeriodicInformInterval"));
  if (managementServer(device.model, "PeriodicInformEnable") !== "true" || !(intervalSec > 0)) {
    return;
  }
  // setTimeout cannot wait longer than 2^31-1 ms (about 24.8 days).
  device.periodicTimer = device.timers.later(Math.min(intervalSec * 1000, 2_147_483_647), () => {
    device.queue.add("2 PERIODIC");
    armPeriodicInform(device);
    device.requestSession();
  });
}
