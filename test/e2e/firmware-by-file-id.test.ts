import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import type { LocalAcsHarness } from "../support/local-acs-harness.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * A firmware image uploaded to the local ACS's file store and sent by fileId: the ACS fills the
 * Download's FileType, FileSize and TargetFileName, presigns the URL at send, and the task is
 * `verified` only when the CPE's Inform after the reboot reports the file's version. The
 * simulated CPE really GETs the image from the local file server, which sends the version and
 * SHA-256 as S3 object metadata headers.
 */
describe("firmware by fileId on the local ACS", { concurrency: true }, () => {
  const image = Buffer.from("firmware image 3.2.0 bytes, no version line\n");
  const sha256 = createHash("sha256").update(image).digest("hex");
  let acs: LocalAcsHarness;
  let rig: SimulatedCpeRig;
  let fileId: string;
  let counter = 0;

  before(async () => {
    rig = await startSimulatedCpeRig();
    acs = rig.acs;
    const created = await acs.api("POST", "/files", {
      body: {
        name: "hgw-3.2.0.bin",
        fileType: "1 Firmware Upgrade Image",
        version: "3.2.0",
        sha256,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { upload } = created.body;
    const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: image });
    await put.text();
    fileId = created.body.id;
    const completed = await acs.api("POST", `/files/${fileId}/complete`);
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
  });
  after(async () => {
    await rig.stop();
  });

  async function boot(misbehaviours: Misbehaviours = {}) {
    counter += 1;
    const { id } = await rig.boot({
      serialNumber: `FID${String(counter).padStart(4, "0")}`,
      periodicInformIntervalSec: 30,
      rebootDelayMs: 100,
      httpDownloads: { timeoutMs: 10_000 },
      misbehaviours,
    });
    return id;
  }

  /** Queues the Download by fileId with a connection request; the task once it has ended. */
  async function upgrade(id: string) {
    const created = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/tasks?connectionRequest=true`,
      { body: { name: "download", fileId } },
    );
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal(created.body.task.expectedVersion, "3.2.0");
    assert.equal(created.body.task.url, undefined, "no URL is stored");
    return until(`task ${created.body.id} to end`, async () => {
      const task = (await acs.api("GET", `/tasks/${created.body.id}`)).body;
      return ["done", "verified", "faulted", "cancelled", "expired"].includes(task.status)
        ? task
        : undefined;
    });
  }

  async function softwareVersion(id: string): Promise<string | undefined> {
    const device = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    return device.parameters.find(
      (p: { name: string }) => p.name === "Device.DeviceInfo.SoftwareVersion",
    )?.value;
  }

  it("ends verified, the device running the file's version", async () => {
    // Prepare
    const id = await boot();

    // Act
    const task = await upgrade(id);

    // Assess
    assert.equal(task.status, "verified", JSON.stringify(task));
    assert.equal(task.result?.softwareVersion, "3.2.0");
    assert.equal(await softwareVersion(id), "3.2.0");
  });

  it("ends faulted version-mismatch when the image installs nothing (corrupt image)", async () => {
    // Prepare
    const id = await boot({ failDownloads: "corrupt-image" });

    // Act
    const task = await upgrade(id);

    // Assess
    assert.equal(task.status, "faulted", JSON.stringify(task));
    assert.equal(task.reason, "version-mismatch");
    assert.equal(task.result?.softwareVersion, "1.0.0");
    assert.equal(await softwareVersion(id), "1.0.0");
  });
});
