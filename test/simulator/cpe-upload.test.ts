import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { AcsMessageOf } from "../../functions/core/cwmp/index.ts";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import type { UploadRecord } from "../../functions/simulator/upload-outcome.ts";
import { eventCodes, type FakeAcs, startFakeAcs } from "./fake-acs.ts";
import { type FileServer, startFileServer } from "./file-server.ts";
import { waitUntil } from "./wait-until.ts";

describe("SimulatedCpe real Upload (TR-069 A.4.1.5, A.3.3.2)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fake ACS, a file server taking PUTs and a booted device that really uploads. */
  async function rig(misbehaviours: Misbehaviours = {}) {
    const files = await startFileServer({ files: {}, uploads: { "/up": 201, "/expired": 403 } });
    cleanups.push(() => files.close());
    const acs = await startFakeAcs();
    cleanups.push(() => acs.close());
    const uploads: UploadRecord[] = [];
    const cpe = createSimulatedCpe({
      serialNumber: "UP1",
      acsUrl: acs.url,
      rebootDelayMs: 0,
      retryMinWaitSec: 0.01,
      httpUploads: { timeoutMs: 5000 },
      observer: { onUpload: (_serial, upload) => uploads.push(upload) },
      misbehaviours,
    });
    cleanups.push(() => cpe.stop());
    cpe.start();
    await waitUntil(() => cpe.sessions().length >= 1, "the bootstrap session");
    return { files, acs, cpe, uploads };
  }

  function upload(files: FileServer, path: string, fileType: string): AcsMessageOf<"Upload"> {
    return {
      method: "Upload",
      commandKey: "up-1",
      fileType,
      url: files.url(path),
      username: "",
      password: "",
      delaySeconds: 0,
    };
  }

  /** Runs the Upload and waits for the session that reports it. */
  async function uploadAndReport(acs: FakeAcs, cpe: SimulatedCpe, request: AcsMessageOf<"Upload">) {
    acs.enqueue(request);
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 3, "the session reporting the upload");
    const inform = acs.informs().at(-1);
    const complete = acs.posts.find((post) => post.message?.method === "TransferComplete")?.message;
    assert.ok(inform, "no Inform");
    assert.equal(complete?.method, "TransferComplete");
    return { inform, complete };
  }

  it("PUTs a dump of its data model and reports FaultCode 0 without rebooting", async () => {
    // Prepare
    const { files, acs, cpe, uploads } = await rig();
    // Act
    const { inform, complete } = await uploadAndReport(
      acs,
      cpe,
      upload(files, "/up", "1 Vendor Configuration File"),
    );
    // Assess
    assert.deepEqual(eventCodes(inform), ["7 TRANSFER COMPLETE", "M Upload"]);
    assert.equal(complete.commandKey, "up-1");
    assert.deepEqual(complete.faultStruct, { faultCode: 0, faultString: "" });
    assert.ok(complete.startTime <= complete.completeTime);
    const sent = files.received[0]?.body;
    assert.match(sent?.toString() ?? "", /^Device\.DeviceInfo\.SerialNumber=UP1$/m);
    assert.ok(sent && uploads[0]?.body?.equals(sent), "the observer hears what was sent");
    assert.equal(uploads[0]?.faultCode, 0);
  });

  it("reports 9012 when the file server refuses the upload (403)", async () => {
    // Prepare
    const { files, acs, cpe } = await rig();
    // Act
    const { complete } = await uploadAndReport(
      acs,
      cpe,
      upload(files, "/expired", "2 Vendor Log File"),
    );
    // Assess
    assert.equal(complete.faultStruct.faultCode, 9012);
    assert.match(
      complete.faultStruct.faultString,
      /^File transfer server authentication failure: /,
    );
  });

  it("failUploads: TransferComplete 9011 without contacting the file server", async () => {
    // Prepare
    const { files, acs, cpe } = await rig({ failUploads: true });
    // Act
    const { complete } = await uploadAndReport(acs, cpe, upload(files, "/up", "2 Vendor Log File"));
    // Assess
    assert.equal(complete.faultStruct.faultCode, 9011);
    assert.deepEqual(files.requests, []);
  });
});
