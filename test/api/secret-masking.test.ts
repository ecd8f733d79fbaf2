import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { secretParameterPolicy } from "../../functions/core/model/secret-parameters.ts";
import type { Profile } from "../../functions/core/provisioning/profile.ts";
import type { ProfileStore } from "../../functions/ports.ts";
import { maskedParameterStore } from "../../functions/services/masked-parameter-store.ts";
import { createProfileCatalog } from "../../functions/services/provisioning/profile-catalog.ts";
import type { TaskSecrets } from "../../functions/tasks/task-secrets.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";
import { apiRig } from "./api-rig.ts";

const serial = "SEC1";
const deviceId = `00D09E-HGW-${serial}`;
const psk = "correct horse battery staple";
const token = "acme-token-5f1c";
const pskName = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
const tokenName = "Device.X_ACME_Cloud.Token";
const policy = secretParameterPolicy(["Device.X_ACME_Cloud.Token"]);
const secrets = (): TaskSecrets => ({ policy, sealer: createAesGcmSealer(randomBytes(32)) });

function inform(events: readonly string[]): CpeMessage {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
    maxEnvelopes: 1,
    currentTime: "2026-12-01T12:00:00Z",
    retryCount: 0,
    parameterList: [],
  };
}

/** A registered device, its session engine and the API over the same memory stores. */
async function acsWith(taskSecrets: TaskSecrets, profiles?: ProfileStore) {
  const session = memorySession({
    taskSecrets,
    wrap: (stores) => ({ ...stores, parameters: maskedParameterStore(stores.parameters, policy) }),
  });
  const registered = await session.post(inform(["0 BOOTSTRAP"]));
  assert.equal((await session.post(null, registered.cookie)).status, 204);
  const rig = apiRig({ stores: session.stores, taskSecrets, ...(profiles && { profiles }) });
  return { session, rig };
}

/** Inform + empty POST: the RPC the ACS sends, and the cookie to answer it with. */
async function nextRpc(session: MemorySession) {
  const informed = await session.post(inform(["2 PERIODIC"]));
  const cookie = informed.cookie ?? "";
  return { cookie, rpc: (await session.post(null, cookie)).rpc };
}

const leaks = (what: unknown, ...secretValues: string[]) =>
  secretValues.filter((value) => JSON.stringify(what).includes(value));

describe("secret parameter values through the API", () => {
  it("an SPV's secrets are never shown, stored in clear or published, and the CPE gets them in clear", async () => {
    // Prepare
    const { session, rig } = await acsWith(secrets());
    const spec = {
      name: "setParameterValues",
      parameterValues: [
        [pskName, psk],
        ["Device.WiFi.SSID.1.SSID", "home"],
        [tokenName, token, "xsd:string"],
      ],
    };

    // Act
    const created = await rig.call("POST", `/devices/${deviceId}/tasks`, { body: spec });
    const taskId = String(created.json.id);
    const stored = await session.stores.tasks.getTask(taskId);
    const { cookie, rpc } = await nextRpc(session);
    await session.post({ method: "SetParameterValuesResponse", status: 0 }, cookie);
    const byId = await rig.call("GET", `/tasks/${taskId}`);
    const listed = await rig.call("GET", `/devices/${deviceId}/tasks`);
    const recent = await rig.call("GET", "/tasks");
    const device = await rig.call("GET", `/devices/${deviceId}`);
    const parameters = await session.stores.parameters.getParameters(deviceId, 1);

    // Assess: the CPE received the real values
    assert.equal(created.status, 202);
    assert.equal(rpc?.method, "SetParameterValues");
    assert.deepEqual(
      rpc?.method === "SetParameterValues" && rpc.parameterList.map((p) => [p.name, p.value]),
      [
        ["Device.WiFi.SSID.1.SSID", "home"],
        [pskName, psk],
        [tokenName, token],
      ],
    );
    // ...and no view, record, event or log line holds them
    assert.equal(byId.json.status, "done");
    for (const shown of [created.json, stored, byId.json, listed.json, device.json, parameters])
      assert.deepEqual(leaks(shown, psk, token), []);
    assert.deepEqual(recent.json.tasks, [byId.json], "GET /tasks shows the same masked view");
    assert.deepEqual(leaks([session.events, session.logs, rig.logs], psk, token), []);
    assert.deepEqual(byId.json.task, {
      name: "setParameterValues",
      parameterValues: [
        ["Device.WiFi.SSID.1.SSID", "home"],
        [pskName, "********"],
        [tokenName, "********", "string"],
      ],
      masked: [pskName, tokenName],
    });
    const deviceParameters = device.json.parameters as Record<string, unknown>[];
    const shownPsk = deviceParameters.find((p) => p.name === pskName);
    assert.deepEqual([shownPsk?.value, shownPsk?.masked], ["********", true]);
    const ssid = deviceParameters.find((p) => p.name === "Device.WiFi.SSID.1.SSID");
    assert.deepEqual([ssid?.value, ssid?.masked], ["home", undefined]);
  });

  it("without a sealing key a secret is refused with 422 and nothing is queued", async () => {
    // Prepare
    const { session, rig } = await acsWith({ policy });

    // Act
    const refused = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { name: "setParameterValues", parameterValues: [[pskName, psk]] },
    });

    // Assess
    assert.equal(refused.status, 422);
    assert.equal(refused.json.error, "secrets-key-required");
    assert.match(String(refused.json.message), /ACS_SECRETS_KEY/);
    assert.deepEqual(await session.stores.tasks.listTasks(deviceId), []);
  });

  it("a secret given as the mask itself (copied from a view) is refused with 400", async () => {
    // Prepare
    const { session, rig } = await acsWith(secrets());

    // Act
    const refused = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { name: "setParameterValues", parameterValues: [[pskName, "********"]] },
    });

    // Assess
    assert.equal(refused.status, 400);
    assert.deepEqual(await session.stores.tasks.listTasks(deviceId), []);
  });

  it("a secret a CPE reads back in clear is masked in the task and the parameter store", async () => {
    // Prepare
    const { session, rig } = await acsWith(secrets());
    const created = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { name: "getParameterValues", parameterNames: [pskName] },
    });
    const { cookie } = await nextRpc(session);

    // Act: a CPE that ignores TR-069 A.3.2.1 and returns the passphrase
    await session.post(
      {
        method: "GetParameterValuesResponse",
        parameterList: [{ name: pskName, value: psk, type: "string" }],
      },
      cookie,
    );

    // Assess
    const stored = await session.stores.tasks.getTask(String(created.json.id));
    const shown = await rig.call("GET", `/tasks/${created.json.id}`);
    const parameters = await session.stores.parameters.getParameters(deviceId, 1);
    assert.equal(stored?.status, "done");
    assert.deepEqual(leaks([stored, shown.json, parameters], psk), []);
    assert.deepEqual((shown.json.result as { masked: string[] }).masked, [pskName]);
  });

  it("a campaign's secrets are sealed once and masked in its view", async () => {
    // Prepare
    const { rig } = await acsWith(secrets());

    // Act
    const created = await rig.call("POST", "/campaigns", {
      body: {
        filter: { oui: "00D09E" },
        task: { name: "setParameterValues", parameterValues: [[pskName, psk]] },
        rate: { connectionRequestsPerSecond: 2, maxInSession: 5 },
      },
    });

    // Assess
    assert.equal(created.status, 201);
    const stored = rig.campaigns.get(String(created.json.id));
    assert.deepEqual(leaks([stored, created.json], psk), []);
    assert.equal(stored?.task.name === "setParameterValues" && stored.task.sealedValues?.length, 1);
  });
});

describe("transfer passwords through the API", () => {
  const filePassword = "fw-server-pass-42";
  const download = {
    name: "download",
    fileType: "1 Firmware Upgrade Image",
    url: "https://files.example.net/fw.bin",
    username: "cpe",
    password: filePassword,
  };

  it("a Download's password is sealed at rest, never shown or published; the CPE gets it", async () => {
    // Prepare
    const { session, rig } = await acsWith(secrets());

    // Act
    const created = await rig.call("POST", `/devices/${deviceId}/tasks`, { body: download });
    const taskId = String(created.json.id);
    const stored = await session.stores.tasks.getTask(taskId);
    const { rpc } = await nextRpc(session);
    const byId = await rig.call("GET", `/tasks/${taskId}`);
    const listed = await rig.call("GET", `/devices/${deviceId}/tasks`);

    // Assess: the CPE received the real password (TR-069 A.3.2.8)
    assert.equal(created.status, 202);
    assert.equal(rpc?.method, "Download");
    assert.deepEqual(
      rpc?.method === "Download" && [rpc.commandKey, rpc.url, rpc.username, rpc.password],
      [taskId, download.url, "cpe", filePassword],
    );
    // ...sealed in the record, and no view, event or log line holds it
    assert.ok(stored?.spec.name === "download" && stored.spec.sealedPassword !== undefined);
    assert.equal(stored.spec.password, undefined);
    for (const shown of [created.json, stored, byId.json, listed.json])
      assert.deepEqual(leaks(shown, filePassword), []);
    assert.deepEqual(leaks([session.events, session.logs, rig.logs], filePassword), []);
    assert.deepEqual(byId.json.task, { ...download, password: "********" });
  });

  it("an Upload's password without a sealing key is refused with 422 and nothing is queued", async () => {
    // Prepare
    const { session, rig } = await acsWith({ policy });

    // Act
    const refused = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { name: "upload", fileType: "2 Vendor Log File", url: download.url, password: "p" },
    });

    // Assess
    assert.equal(refused.status, 422);
    assert.equal(refused.json.error, "secrets-key-required");
    assert.deepEqual(await session.stores.tasks.listTasks(deviceId), []);
  });

  it("one Idempotency-Key: the same password replays, another password is refused", async () => {
    // Prepare
    const { session, rig } = await acsWith(secrets());
    const headers = { "idempotency-key": "fw-rollout-1" };
    const first = await rig.call("POST", `/devices/${deviceId}/tasks`, { body: download, headers });

    // Act
    const again = await rig.call("POST", `/devices/${deviceId}/tasks`, { body: download, headers });
    const changed = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { ...download, password: "another-pass" },
      headers,
    });

    // Assess
    assert.equal(again.json.id, first.json.id);
    assert.equal(changed.status, 422);
    assert.equal((await session.stores.tasks.listTasks(deviceId)).length, 1);
  });

  it("a campaign's Download password is sealed once and masked in its view", async () => {
    // Prepare
    const { rig } = await acsWith(secrets());

    // Act
    const created = await rig.call("POST", "/campaigns", {
      body: {
        filter: { oui: "00D09E" },
        task: download,
        rate: { connectionRequestsPerSecond: 2, maxInSession: 5 },
      },
    });

    // Assess
    assert.equal(created.status, 201);
    const stored = rig.campaigns.get(String(created.json.id));
    assert.deepEqual(leaks([stored, created.json], filePassword), []);
    assert.ok(stored?.task.name === "download" && stored.task.sealedPassword !== undefined);
    assert.equal((created.json.task as { password?: string }).password, "********");
  });
});

/** Profiles by name in a Map, copied in and out as a store would. */
function memoryProfiles(): ProfileStore & { readonly map: Map<string, Profile> } {
  const map = new Map<string, Profile>();
  const copy = (p: Profile): Profile => structuredClone(p);
  return {
    map,
    putProfile: async (p) => void map.set(p.name, copy(p)),
    getProfile: async (name) => {
      const found = map.get(name);
      return found && copy(found);
    },
    deleteProfile: async (name) => map.delete(name),
    listProfiles: async () => [...map.keys()].sort(),
  };
}

describe("secret values of provisioning profiles", () => {
  const profile = {
    parameterValues: [["Device.ManagementServer.ConnectionRequestPassword", "cr-secret-1"]],
    objects: [
      {
        table: "Device.WiFi.AccessPoint.",
        match: { SSIDReference: "Device.WiFi.SSID.1" },
        parameterValues: [
          ["Security.KeyPassphrase", psk],
          ["Enable", "true", "boolean"],
        ],
      },
    ],
  };

  it("are sealed at rest, masked in views, kept when PUT back masked, opened for sessions", async () => {
    // Prepare
    const taskSecrets = secrets();
    const profiles = memoryProfiles();
    const { rig } = await acsWith(taskSecrets, profiles);

    // Act
    const put = await rig.call("PUT", "/profiles/wifi", { body: profile });
    const sealedFirst = JSON.stringify(profiles.map.get("wifi"));
    const got = await rig.call("GET", "/profiles/wifi");
    const { name: _name, masked: _masked, ...edited } = got.json;
    const putBack = await rig.call("PUT", "/profiles/wifi", { body: edited });
    const catalog = createProfileCatalog({
      store: profiles,
      clock: { now: () => 0 },
      ttlMs: 0,
      ...(taskSecrets.sealer && { sealer: taskSecrets.sealer }),
    });
    const [entry] = await catalog.profiles();

    // Assess
    assert.equal(put.status, 200);
    assert.equal(putBack.status, 200, JSON.stringify(putBack.json));
    assert.deepEqual(
      leaks([put.json, got.json, putBack.json, profiles.map], psk, "cr-secret-1"),
      [],
    );
    assert.deepEqual(got.json.parameterValues, [
      ["Device.ManagementServer.ConnectionRequestPassword", "********", "string"],
    ]);
    assert.equal((got.json.masked as string[]).length, 2);
    assert.equal(JSON.stringify(profiles.map.get("wifi")), sealedFirst, "the same sealed values");
    const wifi = entry?.profile.objects[0]?.parameterValues.find(
      (v) => v.name === "Security.KeyPassphrase",
    );
    assert.deepEqual(
      { value: wifi?.value, secret: wifi?.secret, sealed: wifi?.sealed },
      { value: psk, secret: true, sealed: undefined },
    );
  });

  it("a secret stored in clear before sealing existed is marked secret for the planner", async () => {
    // Prepare: the parameter store holds secrets masked, so a compared value would never match
    const profiles = memoryProfiles();
    profiles.map.set("legacy", {
      name: "legacy",
      precondition: {},
      parameterValues: [{ name: pskName, value: psk, type: "string" }],
      objects: [],
      notifications: [],
    });
    const catalog = createProfileCatalog({ store: profiles, clock: { now: () => 0 }, ttlMs: 0 });

    // Act
    const [entry] = await catalog.profiles();

    // Assess
    assert.deepEqual(entry?.profile.parameterValues, [
      { name: pskName, value: psk, type: "string", secret: true },
    ]);
  });

  it("without a sealing key a profile with a secret is refused with 422", async () => {
    // Prepare
    const profiles = memoryProfiles();
    const { rig } = await acsWith({ policy }, profiles);

    // Act
    const refused = await rig.call("PUT", "/profiles/wifi", { body: profile });

    // Assess
    assert.equal(refused.status, 422);
    assert.equal(profiles.map.size, 0);
  });
});
