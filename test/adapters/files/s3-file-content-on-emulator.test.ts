import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  createFilesS3Client,
  createS3FileContent,
} from "../../../functions/adapters/files/s3-file-content.ts";
import {
  emulatorS3ClientConfig,
  type S3Emulator,
  startS3Emulator,
} from "../../support/s3-emulator.ts";

/**
 * The presigned URLs used over HTTP, as a browser and a CPE use them, against s3rver (an S3
 * emulator in this process). What s3rver cannot show: it does not verify SigV4 signatures nor
 * `x-amz-checksum-sha256`, so S3 refusing an upload without the signed headers, or with bytes
 * other than the declared SHA-256, is not tested here (the offline tests check that both are
 * signed). What it does show: the URLs address the right bucket and key, the PUT stores the
 * bytes with the metadata headers, the GET returns them, and head/delete work on the result.
 */
describe("S3 file content (against an S3 emulator)", () => {
  let emulator: S3Emulator | undefined;
  before(async () => {
    emulator = await startS3Emulator({ bucket: "acs-files-test" });
  });
  after(async () => {
    await emulator?.stop();
  });
  const content = () => {
    if (!emulator) throw new Error("the S3 emulator did not start");
    return createS3FileContent({
      client: createFilesS3Client(emulatorS3ClientConfig(emulator.endpoint)),
      bucket: emulator.bucket,
      clock: { now: () => Date.now() },
    });
  };

  const bytes = Buffer.from("firmware image 2.0.1\n".repeat(100), "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  it("stores what is PUT to a presigned upload URL with its headers, and serves it at the download URL", async () => {
    // Prepare
    const files = content();
    const id = "01KBX0000000000000000000E1";
    const target = await files.uploadTarget(id, { sha256, version: "2.0.1" });

    // Act
    const put = await fetch(target.url, {
      method: target.method,
      headers: target.headers,
      body: bytes,
    });
    const got = await fetch(await files.downloadUrl(id, { expiresInSeconds: 60 }));

    // Assess
    assert.equal(put.status, 200, await put.text());
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
    assert.equal(got.headers.get("x-amz-meta-sha256"), sha256);
    assert.equal(got.headers.get("x-amz-meta-version"), "2.0.1");
  });

  it("reports the uploaded object's size and SHA-256, and nothing once it is deleted", async () => {
    // Prepare
    const files = content();
    const id = "01KBX0000000000000000000E2";
    const target = await files.uploadTarget(id, {});
    const put = await fetch(target.url, { method: "PUT", headers: target.headers, body: bytes });
    assert.equal(put.status, 200, await put.text());

    // Act
    const found = await files.head(id);
    await files.delete(id);
    const gone = await files.head(id);
    const download = await fetch(await files.downloadUrl(id, { expiresInSeconds: 60 }));

    // Assess
    // s3rver keeps no checksum, so this is head's fallback: digesting the object's bytes.
    assert.deepEqual(found, { size: bytes.length, sha256 });
    assert.equal(gone, undefined);
    assert.equal(download.status, 404);
  });
});
