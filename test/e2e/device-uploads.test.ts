import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import type { UploadRecord } from "../../functions/simulator/upload-outcome.ts";
import type { LocalAcsHarness } from "../support/local-acs-harness.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * Upload tasks without a URL on the local ACS (TR-069 A.4.1.5): the ACS gives the CPE a
 * per-task upload URL of its file server, the simulated CPE really PUTs its configuration dump or
 * log there and reports TransferComplete, and the operator finds the file under the device and
 * downloads the very bytes the device sent.
 */
describe("device uploads to the local ACS", { concurrency: true }, () => {
  let acs: LocalAcsHarness;
  let rig: SimulatedCpeRig;
  /** What each device uploaded, by serial number, as the simulator saw it. */
  const sent = new Map<string, UploadRecord[]>();
  let counter = 0;

  before(async () => {
    rig = await startSimulatedCpeRig();
    acs = rig.acs;
  });
  after(async () => {
    await rig.stop();
  });

  async function boot(misbehaviours: Misbehaviours = {}) {
    counter += 1;
    const serial = `UPL${String(counter).padStart(4, "0")}`;
    const { id } = await rig.boot({
      serialNumber: serial,
      periodicInformIntervalSec: 30,
      httpUploads: { timeoutMs: 10_000 },
      observer: {
        onUpload: (from, upload) => sent.set(from, [...(sent.get(from) ?? []), upload]),
      },
      misbehaviours,
    });
    return { serial, id };
  }

  /** Queues an Upload without URL, with a connection request; the task once it has ended. */
  async function uploadTask(id: string, fileType: string) {
    const created = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/tasks?connectionRequest=true`,
      { body: { name: "upload", fileType } },
    );
    assert.equal(created.status, 202, JSON.stringify(created.body));
    return until(`task ${created.body.id} to end`, async () => {
      const task = (await acs.api("GET", `/tasks/${created.body.id}`)).body;
      return ["done", "faulted", "cancelled", "expired"].includes(task.status) ? task : undefined;
    });
  }

  async function deviceFiles(id: string) {
    const listed = await acs.api("GET", `/devices/${encodeURIComponent(id)}/files`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    return listed.body.files as { id: string; state: string; size: number; sha256?: string }[];
  }

  /** The file's bytes through the download URL GET /files/{id} gives the operator. */
  async function download(fileId: string): Promise<Buffer> {
    const shown = await acs.api("GET", `/files/${fileId}`);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.ok(shown.body.url, "a ready file has a download URL");
    const response = await fetch(shown.body.url);
    assert.equal(response.status, 200);
    return Buffer.from(await response.arrayBuffer());
  }

  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  it("a configuration backup: the task ends done, the device's file is the bytes it sent", async () => {
    // Prepare
    const { serial, id } = await boot();

    // Act
    const task = await uploadTask(id, "1 Vendor Configuration File");

    // Assess
    assert.equal(task.status, "done", JSON.stringify(task));
    const [upload] = sent.get(serial) ?? [];
    assert.ok(upload?.body, "the device sent a file");
    assert.equal(upload.faultCode, 0);
    const files = await deviceFiles(id);
    assert.equal(files.length, 1, JSON.stringify(files));
    assert.equal(files[0]?.id, task.id, "the file is named by its task");
    assert.equal(files[0]?.state, "ready");
    assert.equal(files[0]?.size, upload.body.length);
    assert.equal(files[0]?.sha256, sha256(upload.body));
    const bytes = await download(task.id);
    assert.ok(bytes.equals(upload.body), "the operator downloads what the device uploaded");
    assert.match(
      bytes.toString(),
      new RegExp(`^Device\\.DeviceInfo\\.SerialNumber=${serial}$`, "m"),
    );
  });

  it("the upload URL is bound to its task's file: a second PUT is refused (409)", async () => {
    // Prepare
    const { serial, id } = await boot();
    const task = await uploadTask(id, "1 Vendor Configuration File");
    assert.equal(task.status, "done", JSON.stringify(task));
    const url = sent.get(serial)?.[0]?.url ?? "";
    assert.ok(url.includes(task.id), `the URL names the task's file: ${url}`);

    // Act
    const again = await fetch(url, { method: "PUT", body: "replaced by someone else" });
    await again.text();

    // Assess
    assert.equal(again.status, 409);
    const [upload] = sent.get(serial) ?? [];
    assert.ok(
      upload?.body && (await download(task.id)).equals(upload.body),
      "the file is unchanged",
    );
  });

  it("a log file upload ends done with the log the device sent", async () => {
    // Prepare
    const { serial, id } = await boot();

    // Act
    const task = await uploadTask(id, "2 Vendor Log File");

    // Assess
    assert.equal(task.status, "done", JSON.stringify(task));
    const [upload] = sent.get(serial) ?? [];
    const files = await deviceFiles(id);
    assert.deepEqual(
      files.map((file) => [file.id, file.state, file.sha256]),
      [[task.id, "ready", upload?.body && sha256(upload.body)]],
    );
    const log = (await download(task.id)).toString();
    assert.match(log, new RegExp(`boot: ${serial} running `));
    assert.match(log, /upload: log file requested by the ACS/);
  });

  it("an upload the device fails ends faulted with its fault, and no file is ready", async () => {
    // Prepare
    const { id } = await boot({ failUploads: true });

    // Act
    const task = await uploadTask(id, "2 Vendor Log File");

    // Assess
    assert.equal(task.status, "faulted", JSON.stringify(task));
    assert.equal(task.fault?.code, 9011);
    assert.match(task.fault?.string ?? "", /^Upload failure/);
    const files = await deviceFiles(id);
    assert.deepEqual(
      files.filter((file) => file.state === "ready"),
      [],
    );
    assert.equal((await acs.api("GET", `/files/${task.id}`)).body.url, undefined);
  });
});
