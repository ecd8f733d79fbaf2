import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createDynamoDeviceStore } from "../../functions/adapters/dynamodb/dynamo-device-store.ts";
import {
  createUrlGuard,
  sendHttpConnectionRequest,
} from "../../functions/adapters/http-cr/index.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { until } from "../support/until.ts";

/**
 * ACS_CR_CREDENTIALS=per-device through the local ACS: an HTTP-only simulated CPE gets its own
 * ConnectionRequestUsername/Password from the built-in profile, the sender wakes it with them
 * and the shared pair no longer does; then the sealing key is rotated (ACS restarted on the same
 * data with a new current key): the old value still opens, and the next session re-seals it.
 */

const shared = { username: "cr-user", password: "cr-pass" };
const keyA = Buffer.alloc(32, 0xa1).toString("base64");
const keyB = Buffer.alloc(32, 0xb2).toString("base64");
const serial = "PDCR01";
const management = "Device.ManagementServer.";

describe("per-device connection-request credentials on an HTTP-only CPE", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "acs-pdcr-"));
  const baseEnv = {
    ACS_DATA_DIR: dataDir,
    ACS_CR_CREDENTIALS: "per-device",
    ACS_CR_USERNAME: shared.username,
    ACS_CR_PASSWORD: shared.password,
    ACS_SECRETS_KEY: keyA,
  };
  let acs: LocalAcsHarness;
  let listener: CrListener;
  let cpe: SimulatedCpe;
  let deviceId: string;

  const storedSecrets = async () =>
    (
      await createDynamoDeviceStore({
        client: acs.dynamo.client,
        tableName: acs.config.cwmp.tableName,
      }).getDevice(deviceId)
    )?.crSecrets;

  /** A CR sent straight to the CPE's listener with these credentials, as anyone could. */
  const crWith = (credentials: { username: string; password: string }) =>
    sendHttpConnectionRequest({
      url: listener.urlFor(serial),
      ...credentials,
      connectTimeoutMs: 2_000,
      responseTimeoutMs: 2_000,
      guard: createUrlGuard({ allowCidrs: ["127.0.0.1/32"] }),
    });

  /** A task queued with a connection request; done only if the CR woke the CPE. */
  const wakeWithTask = () =>
    acs.api(
      "POST",
      `/devices/${encodeURIComponent(deviceId)}/tasks?connectionRequest=true&wait=20`,
      {
        body: {
          name: "getParameterValues",
          parameterNames: [`${management}PeriodicInformInterval`],
        },
      },
    );

  before(async () => {
    acs = await startLocalAcsHarness(baseEnv);
    listener = createCrListener();
    await listener.start();
    cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: acs.cwmpUrl,
      connectionRequestUrl: listener.urlFor(serial),
      connectionRequestUsername: shared.username,
      connectionRequestPassword: shared.password,
      periodicInformIntervalSec: 3600,
      retryMinWaitSec: 0.2,
    });
    // An HTTP-only CPE: no XMPP connection requests advertised.
    cpe.model().setInternal(`${management}SupportedConnReqMethods`, "HTTP");
    listener.register(serial, crTargetOf(cpe));
    cpe.start();
    deviceId = await until("registered", async () => {
      const listed = await acs.api("GET", `/devices?serialPrefix=${serial}`);
      return listed.body.devices[0]?.id as string | undefined;
    });
    await until("per-device CR password confirmed", async () =>
      (await storedSecrets())?.confirmedGeneration !== undefined && cpe.state() === "idle"
        ? true
        : undefined,
    );
  });
  after(async () => {
    await cpe.stop();
    await listener.stop();
    await acs.stop();
  });

  it("sets the CPE's own pair, sealed at rest, and wakes it with that pair only", async () => {
    const username = cpe.model().read(`${management}ConnectionRequestUsername`);
    const password = cpe.model().read(`${management}ConnectionRequestPassword`);
    assert.match(username, /^cpe-[0-9a-f]{24}$/);
    assert.notEqual(password, shared.password);
    const stored = await storedSecrets();
    assert.equal(stored?.crUsername, username);
    assert.match(stored?.crPassword ?? "", /^v2\.legacy\./);
    assert.ok(!stored?.crPassword.includes(password), "sealed, not in clear");
    assert.equal(stored?.xmppPassword, undefined, "no XMPP secrets without XMPP");

    const withShared = await crWith(shared);
    const withOwn = await crWith({ username, password });

    assert.equal(withShared.kind, "auth-failed");
    assert.equal(withOwn.kind, "delivered");
    // The sender wakes it too (after the de-duplication window of the CR just sent).
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const task = await wakeWithTask();
    assert.equal(task.status, 200, JSON.stringify(task.body));
    assert.equal(task.body.status, "done");
  });

  it("opens it after the key is rotated, and re-seals it under the new key in the next session", async () => {
    const password = cpe.model().read(`${management}ConnectionRequestPassword`);
    await until("idle", async () => (cpe.state() === "idle" ? true : undefined));
    await acs.stop();
    acs = await startLocalAcsHarness({
      ...baseEnv,
      ACS_SECRETS_KEYS: `k2:${keyB}`,
      ACS_SECRETS_KEY_ID: "k2",
    });
    cpe.model().setInternal(`${management}URL`, acs.cwmpUrl);
    assert.match((await storedSecrets())?.crPassword ?? "", /^v2\.legacy\./);

    const woken = await wakeWithTask();

    assert.equal(woken.status, 200, JSON.stringify(woken.body));
    assert.equal(woken.body.status, "done", "the sender opened the value sealed under the old key");
    const resealed = await until("re-sealed under k2", async () => {
      const stored = await storedSecrets();
      return stored?.crPassword.startsWith("v2.k2.") ? stored : undefined;
    });
    assert.equal(resealed.confirmedGeneration !== undefined, true, "still confirmed");
    assert.equal(cpe.model().read(`${management}ConnectionRequestPassword`), password);
    assert.ok(acs.logs.some((line) => line.includes("re-sealed under the current key")));
    await until("idle", async () => (cpe.state() === "idle" ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const again = await wakeWithTask();
    assert.equal(again.body.status, "done", "the sender opens the value sealed under k2");
  });
});
