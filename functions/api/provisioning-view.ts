import {
  isXmppErrorStatus,
  isXmppReady,
  type XmppConnectionObservation,
} from "../core/model/connection-request-readiness.ts";
import type { DeviceRecord, StoredParameter } from "../core/model/device.ts";
import type { ProfileState } from "../core/model/profile-state.ts";
import { deviceRoot } from "../core/provisioning/match-precondition.ts";
import type { Profile } from "../core/provisioning/profile.ts";
import { untouchedStanding } from "../core/provisioning/untouched-standing.ts";
import { xmppProfileName, xmppVariantOf } from "../core/provisioning/xmpp-profile.ts";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * Each profile's standing on the device; memory details stay internal. `profiles`, the
 * operator's catalog: those that have not touched the device yet say why (untouchedStanding).
 */
export function provisioningView(device: DeviceRecord, profiles: readonly Profile[] = []) {
  const untouched = profiles
    .filter((profile) => device.provisioning?.[profile.name] === undefined)
    .map((profile) => ({
      profile: profile.name,
      ...untouchedStanding(profile.precondition, device),
      faults: 0,
    }));
  return [...touchedView(device), ...untouched];
}

function touchedView(device: DeviceRecord) {
  return Object.entries(device.provisioning ?? {}).map(([profile, state]) => ({
    profile,
    status: state.status,
    ...(state.convergedAt !== undefined && { convergedAt: iso(state.convergedAt) }),
    ...(state.reason !== undefined && { reason: state.reason }),
    faults: state.faults,
    ...(state.lastFault && { lastFault: { ...state.lastFault, at: iso(state.lastFault.at) } }),
    ...(state.retryAt !== undefined && { retryAt: iso(state.retryAt) }),
    updatedAt: iso(state.updatedAt),
  }));
}

/**
 * Whether connection requests can go over XMPP (TR-069 Annex K): the CPE
 * reported a ConnReqJabberID and its connection is not in an error state.
 * `state` says why not otherwise.
 */
export function xmppReadinessView(device: DeviceRecord, parameters: readonly StoredParameter[]) {
  const { connection, ...observation } = xmppObservation(device, parameters);
  const { status } = observation;
  const jabberId = device.connReqJabberId || undefined;
  const profile = device.provisioning?.[xmppProfileName];
  const ready = isXmppReady(jabberId, observation);
  const applied = xmppVariantOf(profile);
  return {
    ready,
    state: ready ? "ready" : notReady(profile, device, status),
    jabberId: jabberId ?? null,
    connection: connection ?? null,
    connectionStatus: status ?? null,
    // What the built-in profile configured: server addresses (Connection.{i}.Server.) or the
    // domain only (older models), on an instance it created or a fixed one. Null until converged.
    variant: applied?.variant ?? null,
    instance: applied?.instance ?? null,
    account: device.xmppAccount ? { ...device.xmppAccount, at: iso(device.xmppAccount.at) } : null,
    perDeviceCrCredentials:
      device.crSecrets?.confirmedGeneration !== undefined &&
      device.crSecrets.confirmedGeneration === device.parameterGeneration,
  };
}

/**
 * The CPE's XMPP connection (ManagementServer.ConnReqXMPPConnection) and its Status as
 * stored, and whether that Status was learned at or after the ConnReqJabberID (the rule that
 * weighs them: isXmppReady).
 */
export function xmppObservation(
  device: DeviceRecord,
  parameters: readonly StoredParameter[],
): XmppConnectionObservation & { readonly connection: string | undefined } {
  const value = (name: string) => parameters.find((p) => p.name === name)?.value;
  const learned = (name: string) => parameters.find((p) => p.name === name)?.learnedAt ?? 0;
  const root = deviceRoot(device) ?? "Device.";
  const connection = value(`${root}ManagementServer.ConnReqXMPPConnection`) || undefined;
  const status = connection ? value(`${connection}.Status`) : undefined;
  const learnedAfterJabberId =
    connection !== undefined &&
    learned(`${connection}.Status`) >= learned(`${root}ManagementServer.ConnReqJabberID`);
  return { connection, status, learnedAfterJabberId };
}

type NotReady =
  | "not-provisioned"
  | "not-supported"
  | "provisioning"
  | "profile-faulted"
  | "account-refused"
  | "connecting"
  | "connection-error";

function notReady(
  profile: ProfileState | undefined,
  device: DeviceRecord,
  status: string | undefined,
): NotReady {
  if (device.xmppAccount?.status === "refused") return "account-refused";
  if (profile?.status === "not-applicable") return "not-supported";
  if (profile?.status === "faulted") return "profile-faulted";
  if (isXmppErrorStatus(status)) return "connection-error";
  if (profile?.status === "converged") return "connecting";
  return profile ? "provisioning" : "not-provisioned";
}
