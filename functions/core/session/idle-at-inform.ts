import type { ProvisioningQuiet } from "../model/device.ts";

/**
 * Events after which a session may end right after its Inform without looking at the device
 * record: the device only reports that it is alive (TR-069 3.7.1.5: PERIODIC, SCHEDULED, and a
 * connection request whose work, if any, is already in the queue). Any other event (BOOT,
 * BOOTSTRAP, VALUE CHANGE, TRANSFER COMPLETE, DIAGNOSTICS COMPLETE, M ...) has work or news.
 */
const idleEvents: ReadonlySet<string> = new Set([
  "2 PERIODIC",
  "3 SCHEDULED",
  "6 CONNECTION REQUEST",
]);

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
 * The close re-checks the queue, so a task queued since the Inform is never skipped.
 */
export function idleAtInform(context: IdleAtInformContext): boolean {
  if (!context.informUnchanged || context.abandoned || context.queuedTasks > 0) return false;
  if (context.events.length === 0) return false;
  if (!context.events.every((event) => idleEvents.has(event))) return false;
  if (context.provisioningFingerprint === undefined) return true;
  const quiet = context.provisioningQuiet;
  return (
    quiet !== undefined &&
    quiet.fingerprint === context.provisioningFingerprint &&
    context.now < quiet.until
  );
}
