import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import { type FileServer, startFileServer } from "../simulator/file-server.ts";
import type { LocalAcsHarness } from "../support/local-acs-harness.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * A firmware Download through the local ACS to simulated CPEs that really GET the image from a
 * loopback file server, check its size and SHA-256, reboot and report TransferComplete
 * (TR-069 A.3.2.8, A.3.3.2). The image's version travels as S3 object metadata would:
 * the `x-amz-meta-version` response header.
 */
describe("firmware download by simulated CPEs against the local ACS", { concurrency: true }, () => {
  const image = Buffer.from("firmware image bytes, no version line\n");
  const sha256 = createHash("sha256").update(image).digest("hex");
  let acs: LocalAcsHarness;
  let rig: SimulatedCpeRig;
  let files: FileServer;
  let counter = 0;

  before(async () => {
    rig = await startSimulatedCpeRig();
    acs = rig.acs;
    files = await startFileServer({
      files: {
        "/images/fw.bin": { body: image, headers: { "x-amz-meta-version": "2.7.1" } },
        "/images/fw-tampered.bin": { body: image },
        "/images/fw-for-corrupt.bin": { body: image, headers: { "x-amz-meta-version": "2.7.1" } },
      },
    });
  });
  after(async () => {
    await rig.stop();
    await files.close();
  });

  async function boot(misbehaviours: Misbehaviours = {}) {
    counter += 1;
    return rig.boot({
      serialNumber: `FWD${String(counter).padStart(4, "0")}`,
      periodicInformIntervalSec: 30,
      rebootDelayMs: 100,
      httpDownloads: { timeoutMs: 10_000 },
      misbehaviours,
    });
  }

  /** Queues the Download with a connection request and returns the task once it ended. */
  async function upgrade(id: string, path: string, digest = sha256) {
    const created = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/tasks?connectionRequest=true`,
      {
        body: {
          name: "download",
          fileType: "1 Firmware Upgrade Image",
          url: `${files.url(path)}#sha256=${digest}`,
          fileSize: image.length,
        },
      },
    );
    assert.ok([200, 201, 202].includes(created.status), JSON.stringify(created.body));
    return until(`task ${created.body.id} to end`, async () => {
      const task = (await acs.api("GET", `/tasks/${created.body.id}`)).body;
      return ["done", "faulted", "cancelled", "expired"].includes(task.status) ? task : undefined;
    });
  }

  async function softwareVersion(id: string): Promise<string | undefined> {
    const device = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    return device.parameters.find(
      (p: { name: string }) => p.name === "Device.DeviceInfo.SoftwareVersion",
    )?.value;
  }

  it("downloads, reboots, reports TransferComplete: the task is done and the version new", async () => {
    // Prepare
    const { cpe, id } = await boot();
    // Act
    const task = await upgrade(id, "/images/fw.bin");
    // Assess
    assert.equal(task.status, "done", JSON.stringify(task));
    assert.deepEqual(
      files.requests.filter((path) => path === "/images/fw.bin"),
      ["/images/fw.bin"],
      "one GET of the image, without the #sha256 fragment",
    );
    assert.equal(await softwareVersion(id), "2.7.1");
    // The task ends with the TransferComplete, inside the session; the simulator records the
    // session once it has ended.
    const report = await until("the M Download session to be recorded", async () =>
      cpe.sessions().find((s) => s.events.some((e) => e.eventCode === "M Download")),
    );
    assert.deepEqual(report?.events.map((e) => e.eventCode).sort(), [
      "1 BOOT",
      "7 TRANSFER COMPLETE",
      "M Download",
    ]);
  });

  it("a corrupt image completes without error but leaves the old version", async () => {
    const { id } = await boot({ failDownloads: "corrupt-image" });
    const task = await upgrade(id, "/images/fw-for-corrupt.bin");
    assert.ok(files.requests.includes("/images/fw-for-corrupt.bin"));
    // TransferComplete says success: only the SoftwareVersion of the next Inform tells.
    assert.equal(task.status, "done", JSON.stringify(task));
    assert.equal(await softwareVersion(id), "1.0.0");
  });

  it("an image whose SHA-256 differs from the URL's is refused with 9018", async () => {
    const { id } = await boot();
    const task = await upgrade(id, "/images/fw-tampered.bin", "0".repeat(64));
    assert.equal(task.status, "faulted", JSON.stringify(task));
    assert.equal(task.fault?.code, 9018);
    assert.equal(await softwareVersion(id), "1.0.0");
  });
});
