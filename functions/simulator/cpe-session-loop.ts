import { performAction } from "./cpe-actions.ts";
import type { CpeDevice } from "./cpe-device.ts";
import { managementServer } from "./cpe-model.ts";
import { type BootEvent, reboot } from "./cpe-power.ts";
import { type CpeSessionOutcome, runCpeSession } from "./cpe-session.ts";
import type { HangUp } from "./misbehaving-rpc.ts";
import { retryDelayMs } from "./retry-backoff.ts";
import type { CpeAction } from "./rpc-handler.ts";
import type { SessionResult } from "./session-client.ts";

/** Runs sessions while events are pending, one at a time (TR-069 3.7). */
export function requestSession(device: CpeDevice): void {
  // Asked while the loop is winding down (it may have checked the queue already): go again.
  if (device.running !== undefined) device.askedWhileRunning = true;
  if (device.state() !== "idle" || device.running !== undefined) return;
  device.running = sessionLoop(device).finally(() => {
    device.running = undefined;
    if (device.askedWhileRunning) requestSession(device);
  });
  device.askedWhileRunning = false;
}

async function sessionLoop(device: CpeDevice): Promise<void> {
  while (
    device.state() === "idle" &&
    device.queue.pending() &&
    managementServer(device.model, "EnableCWMP") === "true"
  ) {
    device.enterState("in-session");
    device.sessionCounter += 1;
    const outcome = await runCpeSession({
      options: device.options,
      profile: device.profile,
      model: device.model,
      queue: device.queue,
      valueChanges: device.valueChanges,
      rpc: device.rpc,
      misbehaviours: device.misbehaviours,
      codec: device.codec,
      retryCount: device.retryCount,
      sessionNumber: device.sessionCounter,
      signal: device.power.signal,
    });
    if (outcome.bootstrapAcknowledged) device.boot.bootstrapped = true;
    if (device.state() !== "in-session") return; // switched off meanwhile
    afterSession(device, outcome);
  }
}

/** Records the session, then runs what it left to do: actions, deferred work, a retry. */
function afterSession(device: CpeDevice, { record, actions, hangUp }: CpeSessionOutcome): void {
  device.enterState("idle");
  device.history.push(record);
  if (device.history.length > 20) device.history.shift();
  device.options.observer?.onSessionEnd?.(device.profile.serialNumber, record);
  const failed = record.result.kind !== "completed" && hangUp === undefined;
  device.retryCount = failed ? device.retryCount + 1 : 0;
  if (hangUp === undefined) for (const action of actions) performAction(device, action);
  else restartAfterHangUp(device, hangUp, actions);
  if (device.state() === "idle") {
    // The ACS may have changed the XMPP or STUN settings.
    device.xmpp.reconcile();
    device.stun.reconcile();
  }
  for (const work of device.afterSession.splice(0)) work();
  if (failed && device.state() === "idle") scheduleRetry(device, record.result);
}

/**
 * The device closed the connection instead of answering: RPCs it answered before still take
 * effect, then it restarts at once (crash) or reboots (Reboot without RebootResponse).
 */
function restartAfterHangUp(
  device: CpeDevice,
  hangUp: HangUp,
  actions: readonly CpeAction[],
): void {
  for (const action of actions) if (action.kind !== "reboot") performAction(device, action);
  if (device.state() === "rebooting") return; // a FactoryReset answered earlier already reboots
  const keys = actions.flatMap((action) => (action.kind === "reboot" ? [action.commandKey] : []));
  if (hangUp.kind === "reboot") keys.push(hangUp.commandKey);
  const events = keys.map((key): BootEvent => ["M Reboot", key]);
  reboot(device, events, hangUp.kind === "crash" ? 0 : undefined);
}

/** Waits before the next attempt; a connection request may cut the wait short. */
function scheduleRetry(device: CpeDevice, result: SessionResult): void {
  device.enterState("waiting-retry");
  device.retryTimer = device.timers.later(retryWaitMs(device, result), () => {
    device.retryTimer = undefined;
    if (device.state() !== "waiting-retry") return;
    device.enterState("idle");
    requestSession(device);
  });
}

/** TR-069 3.2.1.1 back-off, or the ACS's Retry-After after a 503. */
function retryWaitMs(device: CpeDevice, result: SessionResult): number {
  if (result.kind === "busy" && result.retryAfterSec !== undefined) {
    return result.retryAfterSec * 1000;
  }
  const minWaitSec =
    device.options.retryMinWaitSec ??
    Number(managementServer(device.model, "CWMPRetryMinimumWaitInterval"));
  const multiplier = Number(managementServer(device.model, "CWMPRetryIntervalMultiplier"));
  return retryDelayMs({ minWaitSec, multiplier }, device.retryCount, device.random);
}
