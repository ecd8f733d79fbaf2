import type { XsdType } from "../cwmp/xsd-type.ts";

/**
 * A declarative provisioning profile (issue 6): when its precondition holds
 * in a session, the device should hold these values, objects and
 * notification attributes. The planner (plan-profile.ts) turns the gap
 * between this and what the ACS knows into the fewest RPCs.
 */
export interface Profile {
  readonly name: string;
  readonly precondition: ProfilePrecondition;
  /** Absolute parameter paths and the values they must hold. */
  readonly parameterValues: readonly DesiredValue[];
  /** Multi-instance objects that must exist, with their parameters. */
  readonly objects: readonly DesiredObject[];
  /** Notification attributes (TR-069 A.3.2.4: 0 off, 1 passive, 2 active). */
  readonly notifications: readonly { readonly name: string; readonly notification: number }[];
}

export interface ProfilePrecondition {
  readonly oui?: string;
  readonly productClass?: string;
  readonly serialPrefix?: string;
  /** All of these tags. */
  readonly tags?: readonly string[];
  /** Any of these Inform event codes ("0 BOOTSTRAP", "1 BOOT"); absent: every session. */
  readonly events?: readonly string[];
  /** Known parameter values that must match exactly. */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface DesiredValue {
  readonly name: string;
  readonly value: string;
  readonly type: XsdType;
}

export interface DesiredObject {
  /** The table, ending in "." (e.g. "Device.XMPP.Connection."). */
  readonly table: string;
  /** An instance whose parameters (relative names) have these values is "the" instance. */
  readonly match: Readonly<Record<string, string>>;
  /** Its parameters, by relative name. */
  readonly parameterValues: readonly DesiredValue[];
}
