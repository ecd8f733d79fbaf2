import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { AcsMessageOf, CpeMessageOf } from "../../functions/core/cwmp/index.ts";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import { eventCodes, type FakeAcs, startFakeAcs } from "./fake-acs.ts";
import { type FileServer, startFileServer } from "./file-server.ts";
import { waitUntil } from "./wait-until.ts";

const image = "VERSION=2.5.0\nfirmware bytes\n";

describe("SimulatedCpe real Download (TR-069 A.3.2.8, A.3.3.2)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fake ACS, a file server and a booted device that really downloads. */
  async function rig(misbehaviours: Misbehaviours = {}) {
    const files = await startFileServer({ files: { "/fw.bin": { body: image } } });
    cleanups.push(() => files.close());
    const acs = await startFakeAcs();
    cleanups.push(() => acs.close());
    const cpe = createSimulatedCpe({
      serialNumber: "D1",
      acsUrl: acs.url,
      rebootDelayMs: 0,
      retryMinWaitSec: 0.01,
      httpDownloads: { timeoutMs: 5000 },
      misbehaviours,
    });
    cleanups.push(() => cpe.stop());
    cpe.start();
    await waitUntil(() => cpe.sessions().length >= 1, "the bootstrap session");
    return { files, acs, cpe };
  }

  function download(files: FileServer, path = "/fw.bin"): AcsMessageOf<"Download"> {
    return {
      method: "Download",
      commandKey: "fw-2.5",
      fileType: "1 Firmware Upgrade Image",
      url: files.url(path),
      username: "",
      password: "",
      fileSize: image.length,
      targetFileName: "",
      delaySeconds: 0,
      successURL: "",
      failureURL: "",
    };
  }

  /** Runs the Download and waits for the session that reports it. */
  async function downloadAndReport(
    acs: FakeAcs,
    cpe: SimulatedCpe,
    request: AcsMessageOf<"Download">,
  ) {
    acs.enqueue(request);
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 3, "the session reporting the download");
    const inform = acs.informs().at(-1);
    const complete = acs.posts.find((post) => post.message?.method === "TransferComplete")?.message;
    assert.ok(inform, "no Inform");
    assert.equal(complete?.method, "TransferComplete");
    return { inform, complete };
  }

  const softwareVersion = (inform: CpeMessageOf<"Inform">) =>
    inform.parameterList.find((p) => p.name === "Device.DeviceInfo.SoftwareVersion")?.value;

  it("GETs the image, reboots with 1 BOOT + M Download, reports success and the new version", async () => {
    // Prepare
    const { files, acs, cpe } = await rig();
    // Act
    const { inform, complete } = await downloadAndReport(acs, cpe, download(files));
    // Assess
    assert.deepEqual(files.requests, ["/fw.bin"]);
    assert.deepEqual(eventCodes(inform), ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]);
    assert.equal(inform.event[2]?.commandKey, "fw-2.5");
    assert.equal(softwareVersion(inform), "2.5.0");
    assert.equal(complete.commandKey, "fw-2.5");
    assert.deepEqual(complete.faultStruct, { faultCode: 0, faultString: "" });
    assert.ok(complete.startTime <= complete.completeTime);
  });

  it("reports 9016 for a missing file, without rebooting or changing the version", async () => {
    const { files, acs, cpe } = await rig();
    const { inform, complete } = await downloadAndReport(acs, cpe, download(files, "/gone.bin"));
    assert.deepEqual(eventCodes(inform), ["7 TRANSFER COMPLETE", "M Download"]);
    assert.equal(complete.faultStruct.faultCode, 9016);
    assert.match(complete.faultStruct.faultString, /HTTP 404/);
    assert.equal(softwareVersion(inform), "1.0.0");
  });

  it("failDownloads fault: TransferComplete 9010 and no reboot", async () => {
    const { files, acs, cpe } = await rig({ failDownloads: "fault" });
    const { inform, complete } = await downloadAndReport(acs, cpe, download(files));
    assert.deepEqual(eventCodes(inform), ["7 TRANSFER COMPLETE", "M Download"]);
    assert.equal(complete.faultStruct.faultCode, 9010);
    assert.equal(softwareVersion(inform), "1.0.0");
  });

  it("failDownloads corrupt-image: success and a reboot, but the old SoftwareVersion", async () => {
    const { files, acs, cpe } = await rig({ failDownloads: "corrupt-image" });
    const { inform, complete } = await downloadAndReport(acs, cpe, download(files));
    assert.deepEqual(eventCodes(inform), ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]);
    assert.equal(complete.faultStruct.faultCode, 0);
    assert.equal(softwareVersion(inform), "1.0.0");
  });
});
