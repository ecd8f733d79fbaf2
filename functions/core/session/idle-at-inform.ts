import type { ProvisioningQuiet } from "../model/device.ts";

/**
 * Events after which a session may end right after its Inform without looking at the device
 * record: the device only reports that it is alive (TR-069 3.7.1.5: PERIODIC, SCHEDULED, and a
 * connection request whose work, if any, is already in the queue). TRANSFER COMPLETE,
 * DIAGNOSTICS COMPLETE, the "M <method>" events and anything unknown have news to settle.
 */
const idleEvents: ReadonlySet<string> = new Set([
  "2 PERIODIC",
  "3 SCHEDULED",
  "6 CONNECTION REQUEST",
]);

/**
 * Events that only make provisioning profiles look again (core/provisioning/profile-state.ts):
 * idle too when provisioning is off. Their Inform's facts are recorded by the open itself
 * (a BOOTSTRAP starts a new generation there), so nothing is left for the session.
 */
const recheckOnlyEvents: ReadonlySet<string> = new Set(["0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE"]);

export interface IdleAtInformContext {
  /** The Inform's facts matched what the device record holds (no parameter to store). */
  readonly informUnchanged: boolean;
  /** The session the device item still held (its in-flight RPC must be settled). */
  readonly abandoned: boolean;
  readonly events: readonly string[];
  readonly queuedTasks: number;
  /** undefined when provisioning is off. */
  readonly provisioningFingerprint: string | undefined;
  readonly provisioningQuiet: ProvisioningQuiet | undefined;
  readonly now: number;
}

/**
 * Whether this session has nothing to do but end: then the CPE's empty POST is answered with
 * 204 after one conditional write (DeviceStore.closeIdleSession), and the record is never read.
 * The close re-checks the queue, so a task queued since the Inform is never skipped. With
 * provisioning on, the profiles must be quiet (core/provisioning/profile-state.ts quietUntil)
 * under the current profiles and settings, and the Inform's facts unchanged (a precondition
 * may name them).
 */
export function idleAtInform(context: IdleAtInformContext): boolean {
  if (context.abandoned || context.queuedTasks > 0 || context.events.length === 0) return false;
  const provisioning = context.provisioningFingerprint !== undefined;
  const idle = (event: string) =>
    idleEvents.has(event) || (!provisioning && recheckOnlyEvents.has(event));
  if (!context.events.every(idle)) return false;
  if (!provisioning) return true;
  const quiet = context.provisioningQuiet;
  return (
    context.informUnchanged &&
    quiet !== undefined &&
    quiet.fingerprint === context.provisioningFingerprint &&
    context.now < quiet.until
  );
}
