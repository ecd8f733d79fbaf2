import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { until } from "../support/until.ts";

/**
 * operator profiles applied by the session engine on their own,
 * through the local ACS and a simulated TR-181 CPE: converge with the fewest
 * RPCs, queue one-shot tasks once, back off from a faulting profile,
 * re-apply an edited one.
 */

interface ProfileView {
  profile: string;
  status: string;
  faults: number;
  retryAt?: string;
  lastFault?: { code: number; string: string };
}

describe("provisioning profiles applied in CWMP sessions", () => {
  let acs: LocalAcsHarness;
  let listener: CrListener;
  let cpe: SimulatedCpe;
  let path = "";

  const profileOf = async (name: string): Promise<ProfileView | undefined> => {
    const view = await acs.api("GET", path);
    return view.body.provisioning.find((p: ProfileView) => p.profile === name);
  };
  /** Wakes the CPE and waits for the session it opens to end. */
  const wake = async (): Promise<number> => {
    const before = cpe.sessions().length;
    const response = await acs.api("POST", `${path}/connection-request?wait=10`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    await until("the woken session", async () =>
      cpe.sessions().length > before && cpe.state() === "idle" ? true : undefined,
    );
    const last = cpe.sessions().at(-1);
    assert.equal(last?.result.kind, "completed");
    return last?.result.kind === "completed" ? last.result.exchanges : -1;
  };

  before(async () => {
    acs = await startLocalAcsHarness({
      ACS_PROFILE_CACHE_SECONDS: "0",
      // Each test wakes the device again at once: no de-duplication window.
      ACS_CR_DEDUP_SECONDS: "0",
      ACS_CR_USERNAME: "cr-user",
      ACS_CR_PASSWORD: "cr-pass",
    });
    listener = createCrListener();
    await listener.start();
    const ssid = await acs.api("PUT", "/profiles/ssid", {
      body: {
        parameterValues: [["Device.WiFi.SSID.1.SSID", "operator-net", "xsd:string"]],
        notifications: [{ name: "Device.DeviceInfo.SoftwareVersion", notification: 2 }],
        tasks: [{ name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] }],
      },
    });
    assert.equal(ssid.status, 200, JSON.stringify(ssid.body));
    const readOnly = await acs.api("PUT", "/profiles/read-only", {
      body: { parameterValues: [["Device.DeviceInfo.ModelName", "renamed", "xsd:string"]] },
    });
    assert.equal(readOnly.status, 200, JSON.stringify(readOnly.body));
    cpe = createSimulatedCpe({
      serialNumber: "PRF001",
      acsUrl: acs.cwmpUrl,
      connectionRequestUrl: listener.urlFor("PRF001"),
      connectionRequestUsername: "cr-user",
      connectionRequestPassword: "cr-pass",
      retryMinWaitSec: 0.2,
    });
    listener.register("PRF001", crTargetOf(cpe));
    cpe.start();
    const id = await until("registered", async () => {
      const listed = await acs.api("GET", "/devices?serialPrefix=PRF001");
      return listed.body.devices[0]?.id as string | undefined;
    });
    path = `/devices/${encodeURIComponent(id)}`;
    await until("first session over", async () => (cpe.state() === "idle" ? true : undefined));
  });
  after(async () => {
    await cpe.stop();
    await listener.stop();
    await acs.stop();
  });

  it("converges the device and queues the one-shot task once", async () => {
    const ssid = await until("ssid converged", async () =>
      (await profileOf("ssid"))?.status === "converged" ? profileOf("ssid") : undefined,
    );
    assert.equal(ssid?.faults, 0);
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "operator-net");
    const [attribute] = cpe.model().getParameterAttributes(["Device.DeviceInfo.SoftwareVersion"]);
    assert.equal(attribute?.notification, 2);
    const tasks = (await acs.api("GET", `${path}/tasks`)).body.tasks;
    const oneShot = tasks.filter((t: { profile?: string }) => t.profile === "ssid");
    assert.equal(oneShot.length, 1);
    assert.equal(oneShot[0].status, "done");
  });

  it("records a fault per profile and device and backs off instead of retrying every session", async () => {
    const faulted = await profileOf("read-only");
    assert.equal(faulted?.status, "faulted");
    assert.equal(faulted?.faults, 1);
    // TR-069 A.5.1: SPV fails whole with 9003, naming the parameter with 9008 (not writable).
    assert.equal(faulted?.lastFault?.code, 9003);
    assert.match(faulted?.lastFault?.string ?? "", /Device\.DeviceInfo\.ModelName 9008/);
    assert.ok(faulted?.retryAt && Date.parse(faulted.retryAt) > Date.now() + 60_000);
    const exchanges = await wake();
    assert.equal(exchanges, 2, "Inform and empty POST only: nothing retried, nothing re-sent");
    assert.equal((await profileOf("read-only"))?.faults, 1);
    const tasks = (await acs.api("GET", `${path}/tasks`)).body.tasks;
    assert.equal(tasks.filter((t: { profile?: string }) => t.profile === "ssid").length, 1);
  });

  it("applies an edited profile in the next session", async () => {
    const edited = await acs.api("PUT", "/profiles/ssid", {
      body: { parameterValues: [["Device.WiFi.SSID.1.SSID", "operator-net-2", "xsd:string"]] },
    });
    assert.equal(edited.status, 200);
    await wake();
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "operator-net-2");
    assert.equal((await profileOf("ssid"))?.status, "converged");
  });

  it("refuses reserved and malformed profiles, storing nothing", async () => {
    const reserved = await acs.api("PUT", "/profiles/builtin-xmpp-connection-requests", {
      body: {},
    });
    assert.equal(reserved.status, 400);
    const badTask = await acs.api("PUT", "/profiles/bad-task", {
      body: { tasks: [{ name: "reboot", when: "now" }] },
    });
    assert.equal(badTask.status, 400);
    assert.match(JSON.stringify(badTask.body), /tasks/);
    assert.equal((await acs.api("GET", "/profiles/bad-task")).status, 404);
  });
});
