import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createMemoryParameterStore,
  createMemoryTable,
} from "../../../functions/adapters/memory/index.ts";
import { xmppReadinessView } from "../../../functions/api/provisioning-view.ts";
import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import type { DeviceRecord } from "../../../functions/core/model/device.ts";
import type {
  InflightProfileRpc,
  SessionState,
} from "../../../functions/core/model/session-state.ts";
import { xmppProfileName } from "../../../functions/core/provisioning/xmpp-profile.ts";
import type { ConnectionRequestMessage } from "../../../functions/ports.ts";
import { nextProfileRpc } from "../../../functions/services/provisioning/next-profile-rpc.ts";
import type { ProvisioningDeps } from "../../../functions/services/provisioning/provisioning-deps.ts";
import { settleProfileReply } from "../../../functions/services/provisioning/settle-profile-reply.ts";
import type { SessionDeps } from "../../../functions/services/session-deps.ts";
import { createRpcHandler, type RpcHandler } from "../../../functions/simulator/rpc-handler.ts";
import {
  omittingUnknownPaths,
  type XmppModelOptions,
  xmppCpeModel,
} from "../../core/provisioning/xmpp-cpe-models.ts";

/**
 * The built-in XMPP profile through the session services (next profile RPC,
 * reply settlement) with memory stores, session after session, the way the
 * session engine calls them: what is sent per session, what is logged, and
 * whether the sender is asked for an XMPP account.
 */
type Logged = { level: string; message: string; fields?: Readonly<Record<string, unknown>> };

function rig(options: XmppModelOptions, answer: "faults" | "omits" = "faults") {
  const tree = xmppCpeModel(options);
  const cpe: RpcHandler =
    answer === "omits" ? omittingUnknownPaths(() => tree) : createRpcHandler({ model: () => tree });
  const logs: Logged[] = [];
  const queued: ConnectionRequestMessage[] = [];
  let now = 1_000_000;
  let ids = 0;
  const log = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) =>
    logs.push({ level, message, ...(fields && { fields }) });
  const provisioning: ProvisioningDeps = {
    catalog: { profiles: async () => [] },
    xmpp: {
      settings: {
        acsJid: "acs@xmpp.test",
        domain: "xmpp.test",
        servers: [{ address: "xmpp.test", port: 5222 }],
        useTls: false,
        resource: "cwmp",
      },
      // Sealing is another test's subject: here a reversible wrapper bound to its context.
      sealer: {
        seal: (plain, context) => `${context}|${plain}`,
        open: (sealed, context) => sealed.slice(context.length + 1),
        needsReseal: () => false,
        fingerprint: (plain, context) => `${context}#${plain}`,
      },
      createAccounts: true,
      queue: { send: async (message) => void queued.push(message) },
    },
    timing: { faultBackoffMs: 60_000, maxFaultBackoffMs: 3_600_000, recheckMs: 86_400_000 },
    maxRpcsPerSession: 32,
    taskDefaults: { lifetimeMs: 86_400_000, maxAttempts: 3 },
  };
  // Only what the profile services use; the rest of SessionDeps belongs to the session engine.
  const deps = {
    parameters: createMemoryParameterStore({ table: createMemoryTable() }),
    devices: { saveSession: async () => undefined },
    clock: { now: () => now },
    ids: { randomId: () => `id-${++ids}`, sortableId: () => `task-${++ids}` },
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    provisioning,
  } as unknown as SessionDeps & { readonly provisioning: ProvisioningDeps };
  let device: DeviceRecord = {
    id: "00D09E-HGW-S1",
    manufacturer: "Acme",
    oui: "00D09E",
    productClass: "HGW",
    serialNumber: "S1",
    firstInformAt: now,
    lastInformAt: now,
    lastEvents: [],
    tags: [],
    informParameters: { [`${options.root}ManagementServer.URL`]: ["http://acs.test/", "string"] },
    parameterGeneration: 0,
    taskQueue: [],
  };
  let sessions = 0;

  const sessionState = (id: string, events: readonly string[]): SessionState => ({
    id,
    deviceId: device.id,
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    startedAt: now,
    expiresAt: now + 30_000,
    phase: "acs-requests",
    events,
    exchanges: 1,
    attemptedTaskIds: [],
  });

  /** One session's profile turns, as next-rpc and continue-session take them: the RPCs sent. */
  const session = async (events: readonly string[]) => {
    let state = sessionState(`session-${++sessions}`, events);
    const sent: AcsMessage[] = [];
    for (;;) {
      const turn = await nextProfileRpc(deps, state, device);
      device = turn.device;
      state = { ...state, settledProfiles: turn.settled };
      if (!turn.step) return sent;
      sent.push(turn.step.rpc.rpc);
      state = { ...state, profileRpcs: (state.profileRpcs ?? 0) + 1 };
      const inflight: InflightProfileRpc = {
        serves: "profile",
        profile: turn.step.profile,
        purpose: turn.step.rpc.purpose,
        rpcId: `acs-${sent.length}`,
        method: turn.step.rpc.rpc.method,
        sentAt: now,
      };
      const reply = cpe.handle(turn.step.rpc.rpc).response;
      const settled = await settleProfileReply(deps, state, device, inflight, reply);
      device = settled.device;
      const extra = settled.settled ? [settled.settled] : [];
      state = { ...state, settledProfiles: [...(state.settledProfiles ?? []), ...extra] };
    }
  };
  return {
    tree,
    logs,
    queued,
    deps,
    session,
    sessionState,
    device: () => device,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const digestCount = (sent: readonly AcsMessage[]) => {
  const counts = new Map<string, number>();
  for (const rpc of sent) {
    const key = JSON.stringify(rpc);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
};

const tr181: XmppModelOptions = {
  root: "Device.",
  xmpp: true,
  serverTable: true,
  algorithm: true,
  fixed: false,
  supportedMethods: "HTTP,XMPP",
};

describe("the built-in XMPP profile across sessions", () => {
  it("leaves a TR-098 CPE without XMPP alone: one probe, no account, 'not applicable' said once", async () => {
    const cpe = rig(
      { ...tr181, root: "InternetGatewayDevice.", xmpp: false, supportedMethods: undefined },
      "omits",
    );
    const first = await cpe.session(["0 BOOTSTRAP"]);
    cpe.advance(60_000);
    const periodic = await cpe.session(["2 PERIODIC"]);
    cpe.advance(60_000);
    const boot = await cpe.session(["1 BOOT"]);
    assert.deepEqual(
      first.map((rpc) => rpc.method),
      ["GetParameterValues"],
    );
    assert.deepEqual(periodic, []);
    // A BOOT probes again (a firmware upgrade may have added XMPP), and finds the same.
    assert.deepEqual(
      boot.map((rpc) => rpc.method),
      ["GetParameterValues"],
    );
    assert.deepEqual(cpe.queued, [], "no XMPP account for a CPE without XMPP");
    assert.equal(cpe.device().xmppAccount, undefined);
    assert.equal(cpe.device().provisioning?.[xmppProfileName]?.status, "not-applicable");
    const said = cpe.logs.filter((entry) => entry.message === "profile not applicable");
    assert.equal(said.length, 1);
    assert.equal(said[0]?.level, "info");
    assert.deepEqual(
      cpe.logs.filter((entry) => entry.level !== "info"),
      [],
    );
  });

  it("provisions a model without Server. in one session, asks for the account once", async () => {
    const cpe = rig({ ...tr181, serverTable: false });
    const first = await cpe.session(["0 BOOTSTRAP"]);
    const second = await cpe.session(["1 BOOT"]);
    assert.equal(
      first.some((rpc) => rpc.method === "AddObject" && rpc.objectName.endsWith("Server.")),
      false,
    );
    assert.equal(cpe.device().provisioning?.[xmppProfileName]?.status, "converged");
    assert.deepEqual(cpe.device().provisioning?.[xmppProfileName]?.shape, {
      present: [],
      absent: ["Device.XMPP.Connection.1.Server."],
      fixed: [],
    });
    assert.equal(cpe.tree.read("Device.XMPP.Connection.1.Domain"), "xmpp.test");
    assert.deepEqual(second, [], "converged: nothing to send after a BOOT");
    const view = xmppReadinessView(cpe.device(), []);
    assert.equal(view.variant, "domain-only");
    assert.equal(view.instance, "dynamic");
    assert.deepEqual(cpe.queued, [{ deviceId: "00D09E-HGW-S1", action: "create-xmpp-account" }]);
  });

  it("sends an AddObject the CPE refuses once per session, then backs off", async () => {
    const cpe = rig({ ...tr181, serverAddable: false });
    const first = await cpe.session(["0 BOOTSTRAP"]);
    const early = await cpe.session(["2 PERIODIC"]);
    cpe.advance(60_000);
    const later = await cpe.session(["2 PERIODIC"]);
    const serverAdds = (sent: readonly AcsMessage[]) =>
      sent.filter((rpc) => rpc.method === "AddObject" && rpc.objectName.endsWith("Server.")).length;
    assert.equal(serverAdds(first), 1);
    assert.equal(digestCount(first), 1, "no RPC twice in one session");
    assert.deepEqual(early, [], "backing off");
    assert.equal(serverAdds(later), 1);
    assert.equal(digestCount(later), 1);
    const state = cpe.device().provisioning?.[xmppProfileName];
    assert.equal(state?.status, "faulted");
    assert.equal(state?.faults, 2);
    assert.equal(
      cpe.logs.filter((entry) => entry.message === "profile faulted" && entry.level === "warn")
        .length,
      2,
    );
  });

  it("never sends an RPC twice in one session, even when a reply taught nothing", async () => {
    // An empty POST instead of the reply (TR-069 3.7.2.2 lets a CPE do that) leaves the memory
    // as it was: planned again in the same session, the probe would go out again.
    const cpe = rig(tr181);
    const state = cpe.sessionState("session-1", ["0 BOOTSTRAP"]);
    const first = await nextProfileRpc(cpe.deps, state, cpe.device());
    const again = await nextProfileRpc(
      cpe.deps,
      { ...state, profileRpcs: 1, settledProfiles: first.settled },
      first.device,
    );
    assert.equal(first.step?.rpc.rpc.method, "GetParameterValues");
    assert.equal(again.step, undefined);
    assert.deepEqual(again.settled, [xmppProfileName]);
    const memory = again.device.provisioning?.[xmppProfileName];
    assert.equal(memory?.status, "faulted");
    assert.equal(memory?.lastFault?.code, 8002);
    assert.ok((memory?.retryAt ?? 0) > 0, "backs off");
    const next = await nextProfileRpc(
      cpe.deps,
      cpe.sessionState("session-2", ["2 PERIODIC"]),
      again.device,
    );
    assert.equal(next.step, undefined, "not before the back-off");
  });
});
