import type { XsdType } from "../cwmp/xsd-type.ts";
import type { ProfileState } from "./profile-state.ts";

/** One parameter as the ACS believes it: value, type, when learned, writability. */
export interface StoredParameter {
  readonly name: string;
  /** Absent for object paths (names ending in ".") learned from GetParameterNames. */
  readonly value?: string;
  readonly type?: XsdType;
  /** Epoch ms when the value (or name) was learned from the device. */
  readonly learnedAt: number;
  /** From GetParameterNamesResponse, when known. */
  readonly writable?: boolean;
}

/**
 * What the sender records of a wake-up. `delivered`, `failed` and `expired` are final: the
 * sender does nothing more for that request. `fallback` (XMPP failed, the HTTP connection
 * request follows at once) and `retry-scheduled` (the CPE answered 503; HTTP is tried again
 * later) are steps on the way.
 */
export type ConnectionRequestOutcome =
  | "delivered"
  | "fallback"
  | "retry-scheduled"
  | "failed"
  | "expired";

const finalOutcomes: ReadonlySet<string> = new Set<ConnectionRequestOutcome>([
  "delivered",
  "failed",
  "expired",
]);

/** True once the sender is done with the request: delivered, or failed on every method. */
export function isFinalConnectionRequestOutcome(outcome: string): boolean {
  return finalOutcomes.has(outcome);
}

/**
 * One method tried for a connection request: `failed` when the next method followed, else the
 * request's own outcome (`delivered`, `failed`, `retry-scheduled`).
 */
export interface ConnectionRequestAttempt {
  readonly method: "xmpp" | "http" | "udp";
  readonly outcome: string;
  readonly latencyMs?: number;
  readonly detail?: string;
}

/** How the last connection request went (filled by the sender). */
export interface ConnectionRequestStatus {
  readonly at: number;
  readonly method: "xmpp" | "http" | "udp" | "none";
  /** A ConnectionRequestOutcome (a string: records written by older senders are read as is). */
  readonly outcome: string;
  readonly latencyMs?: number;
  readonly detail?: string;
  /**
   * Every method tried for this request so far, in order: at most one per method, since
   * ACS_CR_METHODS lists each once. Absent in records written by older senders.
   */
  readonly attempts?: readonly ConnectionRequestAttempt[];
}

/** The device registry entry (everything but its parameters, which are stored apart). */
export interface DeviceRecord {
  readonly id: string;
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
  readonly firstInformAt: number;
  readonly lastInformAt: number;
  readonly lastEvents: readonly string[];
  readonly connectionRequestUrl?: string;
  readonly connReqJabberId?: string;
  /** ManagementServer.UDPConnectionRequestAddress (TR-069 Annex G): host:port seen from outside. */
  readonly udpConnectionRequestAddress?: string;
  /** The NAT binding the CPE's STUN Binding Requests showed the ACS (TR-111 Part 2). */
  readonly stunBinding?: StunBinding;
  readonly tags: readonly string[];
  /** Values of the forced Inform parameters as last reported (name -> [value, type]). */
  readonly informParameters: Readonly<Record<string, readonly [string, XsdType]>>;
  /**
   * Parameter generation: bumped on 0 BOOTSTRAP so every stored parameter of
   * older generations counts as forgotten at once (TR-069 3.7.1.5).
   */
  readonly parameterGeneration: number;
  /** Task ids waiting for the next session, oldest first. */
  readonly taskQueue: readonly string[];
  readonly lastConnectionRequest?: ConnectionRequestStatus;
  /** When the last session ended (used to skip redundant connection requests). */
  readonly lastSessionEndedAt?: number;
  /** Provisioning profiles' memory on this device, by profile name. */
  readonly provisioning?: Readonly<Record<string, ProfileState>>;
  /** Per-device CR and XMPP credentials the ACS generated (sealed). */
  readonly crSecrets?: SealedCrSecrets;
  /** The device's XMPP account on the ACS's server (created by the sender, XEP-0133). */
  readonly xmppAccount?: XmppAccountStatus;
  /**
   * Until when no provisioning profile can be due on this device without a device event, and
   * under which profiles and settings that was worked out: a periodic Inform with nothing
   * queued inside it needs no look at the device record (`core/session/idle-at-inform.ts`).
   */
  readonly provisioningQuiet?: ProvisioningQuiet;
  /**
   * End of the current session's lease, when a session holds one (it may
   * have expired already: compare with the clock). Read-only for callers.
   */
  readonly sessionExpiresAt?: number;
}

/** See DeviceRecord.provisioningQuiet. */
export interface ProvisioningQuiet {
  /** Epoch ms: the earliest instant a profile's recheck or fault back-off falls due. */
  readonly until: number;
  /** The profiles and provisioning settings it was worked out under (provisioning-fingerprint.ts). */
  readonly fingerprint: string;
}

/**
 * A CPE's NAT binding as the STUN server saw it (TR-111 Part 2): where UDP connection requests
 * go, and the sender task whose socket received it (only that socket's datagrams pass a
 * port-restricted NAT).
 */
export interface StunBinding {
  readonly address: string;
  readonly port: number;
  readonly lastSeen: number;
  /** When a Binding Request last carried BINDING-CHANGE. */
  readonly bindingChangedAt?: number;
  /** The STUN server (sender task) that holds the binding, for routing the CR to it. */
  readonly server?: string;
}

/**
 * Fields a session writes back with its save or close (`DeviceChanges`): the
 * Inform's addresses and what provisioning keeps on the device. The stores
 * write exactly these; a new field a session changes is named here too.
 */
export const deviceChangeableFields = [
  "connectionRequestUrl",
  "connReqJabberId",
  "udpConnectionRequestAddress",
  "provisioning",
  "crSecrets",
  "xmppAccount",
  "provisioningQuiet",
] as const satisfies readonly (keyof DeviceRecord)[];

export type DeviceChangeableField = (typeof deviceChangeableFields)[number];

/**
 * Credentials generated for one device. Passwords are sealed
 * (AES-256-GCM, bound to the device id): the sender needs them in clear to
 * answer the CPE's digest challenge and to fill the Annex K CR IQ.
 */
export interface SealedCrSecrets {
  readonly crUsername: string;
  readonly crPassword: string;
  /** The XMPP pair, once the built-in XMPP profile needed it (absent with CR credentials alone). */
  readonly xmppUsername?: string;
  readonly xmppPassword?: string;
  /** The STUN password (ManagementServer.STUNPassword), once UDP CRs are on; the username is the device id. */
  readonly stunPassword?: string;
  readonly createdAt: number;
  /**
   * The parameter generation in which the CPE accepted the CR credentials;
   * until then (and again after a BOOTSTRAP) the shared ones are used.
   */
  readonly confirmedGeneration?: number;
}

/**
 * requested: a message is on its way to the sender; created / exists: the
 * account is there; refused: the server said no (see detail); external: the
 * operator provisions accounts (ACS_XMPP_CREATE_ACCOUNTS=false).
 */
export interface XmppAccountStatus {
  readonly status: "requested" | "created" | "exists" | "refused" | "external";
  readonly at: number;
  readonly detail?: string;
}
