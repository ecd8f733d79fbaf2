import type { XsdType } from "../cwmp/xsd-type.ts";
import type { TaskSpec } from "../model/task.ts";

/**
 * A declarative provisioning profile: when its precondition holds
 * in a session, the device should hold these values, objects and
 * notification attributes. The planner (plan-profile.ts) turns the gap
 * between this and what the ACS knows into the fewest RPCs.
 */
export interface Profile {
  readonly name: string;
  readonly precondition: ProfilePrecondition;
  /**
   * Paths that must exist in the device's data model (e.g. "Device.XMPP."). Fetched
   * first; the profile applies only when the answer proves them (a value at or below
   * the path): a fault 9005, or an answer that leaves the path out, means it does not.
   * Name an object that always has parameters (it holds the table's NumberOfEntries),
   * not a table that may be empty.
   */
  readonly requires?: readonly string[];
  /** Absolute parameter paths and the values they must hold. */
  readonly parameterValues: readonly DesiredValue[];
  /** Multi-instance objects that must exist, with their parameters. */
  readonly objects: readonly DesiredObject[];
  /** Notification attributes (TR-069 A.3.2.4: 0 off, 1 passive, 2 active). */
  readonly notifications: readonly { readonly name: string; readonly notification: number }[];
  /** Queued once per device (per parameter generation) when the profile first applies. */
  readonly tasks?: readonly TaskSpec[];
}

export interface ProfilePrecondition {
  /** The data model root: "Device." (TR-181) or "InternetGatewayDevice." (TR-098). */
  readonly root?: string;
  readonly oui?: string;
  readonly productClass?: string;
  readonly serialPrefix?: string;
  /** All of these tags. */
  readonly tags?: readonly string[];
  /** Any of these Inform event codes ("0 BOOTSTRAP", "1 BOOT"); absent: every session. */
  readonly events?: readonly string[];
  /** Parameter values that must match exactly (fetched when unknown). */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Comma-separated list parameters that must include an item, checked only
   * where the parameter exists (fetch its object through `requires`), e.g.
   * ManagementServer.SupportedConnReqMethods must include "XMPP".
   */
  readonly parametersInclude?: Readonly<Record<string, string>>;
}

export interface DesiredValue {
  readonly name: string;
  readonly value: string;
  readonly type: XsdType;
  /**
   * A password: CPEs read it back as "" (TR-069 A.3.2.1), so it counts as
   * held once this profile set it successfully, never by comparing values.
   */
  readonly secret?: boolean;
  /**
   * At rest only: `value` is sealed (SecretSealer, `parameterSecretContext(name)`), set by the API
   * for every secret parameter (secret-parameters.ts); the profile catalog opens it for sessions.
   */
  readonly sealed?: boolean;
}

/**
 * A value of an object instance, set only where the instance's model has
 * (`present`) or lacks (`absent`) these relative paths: the variants of
 * older data models. The planner learns the model first (never from a fault).
 */
export interface DesiredObjectValue extends DesiredValue {
  readonly onlyIf?: {
    readonly present?: readonly string[];
    readonly absent?: readonly string[];
  };
}

export interface DesiredObject {
  /** The table, ending in "." (e.g. "Device.XMPP.Connection."); relative to the parent instance when nested. */
  readonly table: string;
  /** An instance whose parameters (relative names) have these values is "the" instance. */
  readonly match: Readonly<Record<string, string>>;
  /** Its parameters, by relative name. */
  readonly parameterValues: readonly DesiredObjectValue[];
  /** Tables inside the instance (e.g. "Server." inside an XMPP connection). */
  readonly objects?: readonly DesiredObject[];
  /**
   * Nested tables only: older data models may lack the table (TR-181 XMPP.Connection.{i}.
   * without Server.); where the parent instance is known not to have it, it is skipped.
   */
  readonly optional?: boolean;
  /** Absolute parameters that must reference the instance (its path without the final "."). */
  readonly referencedBy?: readonly string[];
  /** Notification attributes of the instance's parameters, by relative name. */
  readonly notifications?: readonly { readonly name: string; readonly notification: number }[];
}
