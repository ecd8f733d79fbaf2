import type { CpeDevice } from "./cpe-device.ts";

/**
 * An authenticated connection request, over HTTP or XMPP (TR-069 3.2.2, Annex K):
 * accepted when no session runs (it cuts a retry wait short), "busy" otherwise.
 */
export function answerConnectionRequest(device: CpeDevice): "accepted" | "busy" {
  const outcome = acceptConnectionRequest(device);
  device.options.observer?.onConnectionRequest?.(device.profile.serialNumber, outcome);
  return outcome;
}

function acceptConnectionRequest(device: CpeDevice): "accepted" | "busy" {
  const state = device.state();
  if (state !== "idle" && state !== "waiting-retry") return "busy";
  device.queue.add("6 CONNECTION REQUEST");
  if (state === "waiting-retry") {
    device.timers.cancel(device.retryTimer);
    device.enterState("idle");
  }
  device.requestSession();
  return "accepted";
}
