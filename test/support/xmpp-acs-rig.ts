import assert from "node:assert/strict";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "./local-acs-harness.ts";
import { startProsody } from "./prosody.ts";
import { until } from "./until.ts";

export { until };

import type { XmppTestServer } from "./xmpp-test-server.ts";

const ACS_PASSWORD = "acs-xmpp-secret";

/** A real prosody, the local ACS (npm start's code) with XMPP on, and simulated CPEs. */
export interface XmppAcsRig {
  readonly xmpp: XmppTestServer;
  readonly acs: LocalAcsHarness;
  readonly listener: CrListener;
  readonly cpes: SimulatedCpe[];
}

export async function startXmppAcsRig(options: {
  /** The ACS account may create accounts (XEP-0133). */
  readonly admin: boolean;
  readonly env?: Record<string, string>;
}): Promise<XmppAcsRig> {
  const xmpp = await startProsody({
    domain: "acs.test",
    accounts: [{ user: "acs", password: ACS_PASSWORD }],
    ...(options.admin ? { adminAdhoc: { admins: ["acs"] } } : {}),
  });
  const acs = await startLocalAcsHarness({
    ACS_XMPP_SERVICE: xmpp.service,
    ACS_XMPP_JID: "acs@acs.test",
    ACS_XMPP_PASSWORD: ACS_PASSWORD,
    ACS_XMPP_REQUIRE_TLS: "false",
    ACS_XMPP_CPE_USE_TLS: "false",
    ACS_PROFILE_CACHE_SECONDS: "0",
    ...options.env,
  });
  const listener = createCrListener();
  await listener.start();
  return { xmpp, acs, listener, cpes: [] };
}

export async function stopXmppAcsRig(rig: XmppAcsRig | undefined): Promise<void> {
  if (!rig) return;
  for (const cpe of rig.cpes) await cpe.stop();
  await rig.listener.stop();
  await rig.acs.stop();
  await rig.xmpp.stop();
}

/** Boots a CPE that knows nothing of XMPP yet (factory CR credentials, no connection). */
/** Powers on a simulated CPE (with the given misbehaviours, e.g. an older XMPP object) and waits for its registration. */
export async function bootCpe(rig: XmppAcsRig, serial: string, misbehaviours: Misbehaviours = {}) {
  const cpe = createSimulatedCpe({
    serialNumber: serial,
    acsUrl: rig.acs.cwmpUrl,
    connectionRequestUrl: rig.listener.urlFor(serial),
    connectionRequestUsername: "factory-user",
    connectionRequestPassword: "factory-pass",
    misbehaviours,
    retryMinWaitSec: 0.2,
    xmpp: { retryInitialMs: 200, resolveDomain: resolverFor(rig.xmpp.service) },
  });
  rig.listener.register(serial, crTargetOf(cpe));
  rig.cpes.push(cpe);
  cpe.start();
  const id = await until(`${serial} registered`, async () => {
    const listed = await rig.acs.api("GET", `/devices?serialPrefix=${serial}`);
    return listed.body.devices[0]?.id as string | undefined;
  });
  return { cpe, id, path: `/devices/${encodeURIComponent(id)}` };
}

/** The test server as DNS SRV would give it for its domain (a device with no Server entry asks). */
function resolverFor(service: string) {
  const url = new URL(service);
  const address = { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port) };
  return (domain: string) => (domain === "acs.test" ? address : undefined);
}

/**
 * Waits until the device view says XMPP connection requests are ready and the built-in
 * profile has converged (a later profile RPC may change the CPE's XMPP settings, and the CPE
 * then logs in again: a connection request in that gap rightly falls back to HTTP), the CPE is
 * logged in again, and it is out of session (a task queued while it is in session runs in that
 * session, with no connection request at all). Returns the view.
 */
export function xmppReady(rig: XmppAcsRig, path: string, cpe: SimulatedCpe) {
  return until(`XMPP CR ready for ${path}`, async () => {
    const view = await rig.acs.api("GET", path);
    const builtIn = (view.body.provisioning ?? []).find((p: { profile: string }) =>
      p.profile.startsWith("builtin-xmpp"),
    );
    const connection = view.body.xmppConnectionRequest.connection as string | undefined;
    const online = connection !== undefined && loggedIn(cpe, connection);
    const ready = view.body.xmppConnectionRequest.ready && builtIn?.status === "converged";
    return ready && online && cpe.state() === "idle" ? view.body : undefined;
  });
}

/**
 * The device view once the sender has recorded its attempt for a connection request made at
 * `since` (ISO): the CPE's session may end, and the task with it, before the sender writes
 * the attempt it made to wake it.
 */
export function afterCrAttempt(rig: XmppAcsRig, path: string, since: string) {
  return until(`connection-request attempt recorded for ${path}`, async () => {
    const view = await rig.acs.api("GET", path);
    const at = view.body.connectionRequest?.lastAttempt?.at as string | undefined;
    return at !== undefined && Date.parse(at) >= Date.parse(since) ? view : undefined;
  });
}

/** The CPE's own XMPP.Connection.{i}.Status says it is logged in (the object may not exist yet). */
function loggedIn(cpe: SimulatedCpe, connection: string): boolean {
  try {
    return cpe.model().read(`${connection}.Status`) === "Enabled";
  } catch {
    return false;
  }
}

/** POST a GPV task with connectionRequest=true and wait for it: it must end done. */
export async function taskWithConnectionRequest(rig: XmppAcsRig, path: string, wait = 20) {
  const response = await rig.acs.api("POST", `${path}/tasks?connectionRequest=true&wait=${wait}`, {
    body: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.status, "done", JSON.stringify(response.body));
  return response.body;
}
