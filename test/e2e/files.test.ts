import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** The file store of the local ACS from the outside: API, upload URL, file server. */
describe("files on the local ACS", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness();
  });
  after(async () => acs.stop());

  it("uploads, completes, lists, serves and deletes a firmware image", async () => {
    // Prepare
    const image = randomBytes(200_000);
    const sha256 = createHash("sha256").update(image).digest("hex");

    // Act
    const created = await acs.api("POST", "/files", {
      body: { name: "hgw-2.0.bin", fileType: "1 Firmware Upgrade Image", version: "2.0", sha256 },
    });
    const { id, upload } = created.body;
    // What `curl -T hgw-2.0.bin "<upload.url>"` does.
    const put = await fetch(upload.url, {
      method: upload.method,
      headers: upload.headers,
      body: image,
    });
    await put.text();
    const completed = await acs.api("POST", `/files/${id}/complete`);
    const listed = await acs.api(
      "GET",
      "/files?state=ready&fileType=1%20Firmware%20Upgrade%20Image",
    );
    const shown = await acs.api("GET", `/files/${id}`);
    const served = await fetch(shown.body.url);
    const bytes = Buffer.from(await served.arrayBuffer());
    const deleted = await acs.api("DELETE", `/files/${id}`);
    const gone = await acs.api("GET", `/files/${id}`);
    const servedAfter = await fetch(shown.body.url);
    await servedAfter.text();

    // Assess
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.state, "pending-upload");
    assert.ok(upload.url.startsWith(acs.filesUrl), "locally the upload goes to the file server");
    assert.equal(put.status, 201);
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    assert.deepEqual(
      listed.body.files.map((f: { id: string; sha256: string; size: number }) => [
        f.id,
        f.sha256,
        f.size,
      ]),
      [[id, sha256, image.length]],
    );
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-length"), String(image.length));
    assert.ok(bytes.equals(image), "the file server returns the uploaded bytes");
    assert.equal(deleted.status, 200);
    assert.equal(gone.status, 404);
    assert.equal(servedAfter.status, 404);
  });

  it("keeps a file pending when the upload does not match the declared SHA-256", async () => {
    // Prepare
    const declared = createHash("sha256").update("the real image").digest("hex");
    const created = await acs.api("POST", "/files", {
      body: { name: "cfg.xml", fileType: "3 Vendor Configuration File", sha256: declared },
    });

    // Act
    await (await fetch(created.body.upload.url, { method: "PUT", body: "something else" })).text();
    const completed = await acs.api("POST", `/files/${created.body.id}/complete`);
    const shown = await acs.api("GET", `/files/${created.body.id}`);

    // Assess
    assert.equal(completed.status, 422);
    assert.equal(shown.body.state, "pending-upload");
  });
});
