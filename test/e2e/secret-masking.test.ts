import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { until } from "../support/until.ts";

/**
 * Black box, the local ACS as `npm start` runs it (its sealing key is generated at start) and a
 * simulated TR-181 CPE: a Wi-Fi passphrase set through the API reaches the CPE, and no API view,
 * event or log line shows it.
 */
const eventsFile = join(mkdtempSync(join(tmpdir(), "acs-secret-events-")), "events.jsonl");
const passphrase = "Tr0ub4dor&3-e2e";
const pskName = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";

describe("secret parameter values through the local ACS", () => {
  let acs: LocalAcsHarness;
  let listener: CrListener;
  let cpe: SimulatedCpe;
  let deviceId: string;

  before(async () => {
    acs = await startLocalAcsHarness({
      ACS_CR_USERNAME: "cr-user",
      ACS_CR_PASSWORD: "cr-pass",
      ACS_EVENTS_FILE: eventsFile,
    });
    listener = createCrListener();
    await listener.start();
    cpe = createSimulatedCpe({
      serialNumber: "SECRET01",
      acsUrl: acs.cwmpUrl,
      connectionRequestUrl: listener.urlFor("SECRET01"),
      connectionRequestUsername: "cr-user",
      connectionRequestPassword: "cr-pass",
      periodicInformIntervalSec: 3600,
      retryMinWaitSec: 0.2,
    });
    listener.register("SECRET01", crTargetOf(cpe));
    cpe.start();
    deviceId = await until("SECRET01 registered", async () => {
      const listed = await acs.api("GET", "/devices?serialPrefix=SECRET01");
      return listed.body.devices[0]?.id as string | undefined;
    });
    await until("SECRET01 idle", async () => (cpe.state() === "idle" ? true : undefined));
  });
  after(async () => {
    await cpe.stop();
    await listener.stop();
    await acs.stop();
  });

  it("sets a Wi-Fi passphrase on the CPE; tasks, device, events and logs show it masked", async () => {
    // Act
    const created = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(deviceId)}/tasks?connectionRequest=true`,
      {
        body: {
          name: "setParameterValues",
          parameterValues: [
            [pskName, passphrase],
            ["Device.WiFi.SSID.1.SSID", "secret-net"],
          ],
        },
      },
    );
    const taskId = String(created.body.id);
    const done = await until("the task done", async () => {
      const task = await acs.api("GET", `/tasks/${taskId}`);
      return task.body.status === "done" ? task : undefined;
    });
    const listed = await acs.api("GET", `/devices/${encodeURIComponent(deviceId)}/tasks`);
    const device = await acs.api("GET", `/devices/${encodeURIComponent(deviceId)}`);
    const completed = await until("TaskCompleted published", async () =>
      readFileSync(eventsFile, "utf8").includes(taskId)
        ? readFileSync(eventsFile, "utf8")
        : undefined,
    );

    // Assess: the CPE holds the real passphrase
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal(cpe.model().read(pskName), passphrase);
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "secret-net");
    // ...and nothing the ACS shows, publishes or logs does
    for (const [what, text] of [
      ["POST answer", JSON.stringify(created.body)],
      ["GET /tasks/{id}", JSON.stringify(done.body)],
      ["GET /devices/{id}/tasks", JSON.stringify(listed.body)],
      ["GET /devices/{id}", JSON.stringify(device.body)],
      ["events", completed],
      ["logs", acs.logs.join("\n")],
    ])
      assert.ok(!text?.includes(passphrase), `${what} shows the passphrase`);
    assert.deepEqual(done.body.task.masked, [pskName]);
    assert.ok(
      done.body.task.parameterValues.some(
        ([name, value]: [string, string]) => name === pskName && value === "********",
      ),
    );
    const stored = device.body.parameters.find((p: { name: string }) => p.name === pskName);
    assert.deepEqual([stored?.value, stored?.masked], ["********", true]);
  });

  it("shows a profile's secret values masked in GET /profiles/{name}", async () => {
    // Act
    const put = await acs.api("PUT", "/profiles/wifi-secret", {
      body: {
        precondition: { serialPrefix: "NOMATCH" },
        parameterValues: [[pskName, passphrase]],
      },
    });
    const got = await acs.api("GET", "/profiles/wifi-secret");

    // Assess
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.ok(!JSON.stringify([put.body, got.body]).includes(passphrase));
    assert.deepEqual(got.body.parameterValues, [[pskName, "********", "string"]]);
    assert.deepEqual(got.body.masked, [pskName]);
  });
});
