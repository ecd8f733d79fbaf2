import type { DeviceRecord } from "./device.ts";

/**
 * How the ACS can wake a device (TR-069 3.2.2 HTTP connection request, Annex K XMPP):
 * xmpp-ready = XMPP connection requests work; http-only = not XMPP, but the CPE reported a
 * ConnectionRequestURL; unreachable = neither.
 */
export type ConnectionRequestReadiness = "xmpp-ready" | "http-only" | "unreachable";

/**
 * The CPE's XMPP.Connection.{i}.Status (TR-181) as stored, and whether it was learned at or
 * after ManagementServer.ConnReqJabberID. Known only where the device's parameters are read
 * (the device view); listings and the fleet summary read the device record alone.
 */
export interface XmppConnectionObservation {
  readonly status: string | undefined;
  readonly learnedAfterJabberId: boolean;
}

/** TR-181 XMPP.Connection.{i}.Status values that mean it is not connected. */
export function isXmppErrorStatus(status: string | undefined): boolean {
  return (
    status !== undefined &&
    (status.startsWith("Error") || status === "ServerNotPresent" || status === "Disabled")
  );
}

/**
 * XMPP connection requests are ready: the CPE reported a ConnReqJabberID (TR-181: non-empty
 * only while it is logged in) and no error Status was learned after it (a Status learned
 * before it, say "Connecting" by passive notification, does not outweigh it).
 */
export function isXmppReady(
  jabberId: string | undefined,
  observation?: XmppConnectionObservation,
): boolean {
  const erred =
    observation !== undefined &&
    isXmppErrorStatus(observation.status) &&
    observation.learnedAfterJabberId;
  return jabberId !== undefined && jabberId !== "" && !erred;
}

/** The readiness of a device from its record (and the XMPP Status, where known). */
export function connectionRequestReadiness(
  device: Pick<DeviceRecord, "connReqJabberId" | "connectionRequestUrl">,
  observation?: XmppConnectionObservation,
): ConnectionRequestReadiness {
  if (isXmppReady(device.connReqJabberId, observation)) return "xmpp-ready";
  return device.connectionRequestUrl ? "http-only" : "unreachable";
}
