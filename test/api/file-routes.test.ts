import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { createMemoryFileContent } from "../../functions/adapters/memory/memory-file-content.ts";
import { createMemoryFileStore } from "../../functions/adapters/memory/memory-file-store.ts";
import type { FileRecord } from "../../functions/core/model/file-record.ts";
import { apiRig, t0 } from "./api-rig.ts";

const image = Buffer.from("firmware image 2.0 bytes");
const sha256 = createHash("sha256").update(image).digest("hex");
const firmware = { name: "hgw-2.0.bin", fileType: "1 Firmware Upgrade Image", version: "2.0" };

function filesRig(options: { inUse?: boolean } = {}) {
  const records = new Map<string, FileRecord>();
  const content = createMemoryFileContent({ clock: { now: () => t0 } });
  const rig = apiRig({
    files: {
      store: createMemoryFileStore({ files: records }),
      content,
      usage: { isFileInUse: async () => options.inUse ?? false },
    },
  });
  const create = async (body: Record<string, unknown> = firmware) => {
    const created = await rig.call("POST", "/files", { body });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    return String(created.json.id);
  };
  return { ...rig, records, content, create };
}

describe("file routes", () => {
  it("POST /files stores a pending file and answers where to upload it", async () => {
    // Prepare
    const rig = filesRig();

    // Act
    const response = await rig.call("POST", "/files", {
      body: { ...firmware, oui: ["00d09e"], sha256: sha256.toUpperCase(), size: image.length },
    });

    // Assess
    assert.equal(response.status, 201);
    const id = String(response.json.id);
    assert.match(id, /^[0-9A-Z]{26}$/);
    assert.equal(response.json.state, "pending-upload");
    assert.deepEqual(response.json.upload, {
      url: `http://files.test/files/${id}?token=upload-${id}`,
      method: "PUT",
      headers: {},
      expiresAt: new Date(t0 + 3_600_000).toISOString(),
    });
    const stored = rig.records.get(id);
    assert.equal(stored?.sha256, sha256);
    assert.deepEqual(stored?.oui, ["00D09E"]);
    assert.equal(stored?.state, "pending-upload");
  });

  it("POST /files refuses an unknown FileType", async () => {
    // Prepare
    const rig = filesRig();

    // Act
    const response = await rig.call("POST", "/files", {
      body: { ...firmware, fileType: "6 Something" },
    });

    // Assess
    assert.equal(response.status, 400);
    assert.equal(rig.records.size, 0);
  });

  it("complete marks the file ready with the stored size and SHA-256 and a download URL", async () => {
    // Prepare
    const rig = filesRig();
    const id = await rig.create({ ...firmware, sha256, size: image.length });
    rig.content.put(id, image);

    // Act
    const response = await rig.call("POST", `/files/${id}/complete`);

    // Assess
    assert.equal(response.status, 200);
    assert.equal(response.json.state, "ready");
    assert.equal(response.json.sha256, sha256);
    assert.equal(response.json.size, image.length);
    assert.equal(response.json.uploadedAt, new Date(t0).toISOString());
    assert.match(String(response.json.url), new RegExp(`^http://files.test/files/${id}\\?`));
    assert.equal(rig.records.get(id)?.state, "ready");
  });

  it("complete with content other than declared answers 422 and the file stays pending", async () => {
    // Prepare
    const rig = filesRig();
    const id = await rig.create({ ...firmware, sha256 });
    rig.content.put(id, Buffer.from("corrupted"));

    // Act
    const response = await rig.call("POST", `/files/${id}/complete`);

    // Assess
    assert.equal(response.status, 422);
    assert.equal(response.json.error, "file-content-mismatch");
    assert.equal(rig.records.get(id)?.state, "pending-upload");
    assert.equal(await rig.content.head(id), undefined, "the wrong bytes are removed");
  });

  it("complete with a declared size that differs answers 422", async () => {
    // Prepare
    const rig = filesRig();
    const id = await rig.create({ ...firmware, size: image.length + 1 });
    rig.content.put(id, image);

    // Act
    const response = await rig.call("POST", `/files/${id}/complete`);

    // Assess
    assert.equal(response.status, 422);
    assert.equal(rig.records.get(id)?.state, "pending-upload");
  });

  it("complete before any upload answers 409", async () => {
    // Prepare
    const rig = filesRig();
    const id = await rig.create();

    // Act
    const response = await rig.call("POST", `/files/${id}/complete`);

    // Assess
    assert.equal(response.status, 409);
    assert.equal(rig.records.get(id)?.state, "pending-upload");
  });

  it("GET /files filters by type, OUI and state, and pages with a cursor", async () => {
    // Prepare
    const rig = filesRig();
    const a = await rig.create({ ...firmware, oui: ["00D09E"] });
    const b = await rig.create({ ...firmware, name: "any.bin" });
    await rig.create({ ...firmware, oui: ["AABBCC"] });
    await rig.create({ name: "cfg.xml", fileType: "3 Vendor Configuration File" });
    rig.content.put(b, image);
    await rig.call("POST", `/files/${b}/complete`);

    // Act
    const first = await rig.call("GET", "/files", {
      query: { fileType: "1 Firmware Upgrade Image", oui: "00d09e", limit: "1" },
    });
    const second = await rig.call("GET", "/files", {
      query: {
        fileType: "1 Firmware Upgrade Image",
        oui: "00d09e",
        limit: "1",
        cursor: String(first.json.cursor),
      },
    });
    const ready = await rig.call("GET", "/files", { query: { state: "ready" } });
    const tampered = await rig.call("GET", "/files", { query: { cursor: "not-a-cursor" } });

    // Assess
    const ids = (page: Record<string, unknown>) =>
      (page.files as { id: string }[]).map((file) => file.id);
    assert.deepEqual(ids(first.json), [a]);
    assert.deepEqual(ids(second.json), [b]);
    assert.equal(second.json.cursor, undefined);
    assert.deepEqual(ids(ready.json), [b]);
    assert.equal(tampered.status, 400);
  });

  it("GET /files/{id} answers the file, 404 for an unknown id", async () => {
    // Prepare
    const rig = filesRig();
    const id = await rig.create();

    // Act
    const found = await rig.call("GET", `/files/${id}`);
    const missing = await rig.call("GET", `/files/${"0".repeat(26)}`);

    // Assess
    assert.equal(found.status, 200);
    assert.equal(found.json.name, firmware.name);
    assert.equal(found.json.url, undefined, "no download URL while pending");
    assert.equal(missing.status, 404);
  });

  it("DELETE /files/{id} removes the bytes and the record", async () => {
    // Prepare
    const rig = filesRig();
    const id = await rig.create();
    rig.content.put(id, image);

    // Act
    const response = await rig.call("DELETE", `/files/${id}`);

    // Assess
    assert.equal(response.status, 200);
    assert.equal(rig.records.has(id), false);
    assert.equal(await rig.content.head(id), undefined);
  });

  it("DELETE /files/{id} answers 409 and keeps everything while the file is in use", async () => {
    // Prepare
    const rig = filesRig({ inUse: true });
    const id = await rig.create();
    rig.content.put(id, image);

    // Act
    const response = await rig.call("DELETE", `/files/${id}`);

    // Assess
    assert.equal(response.status, 409);
    assert.equal(rig.records.has(id), true);
    assert.notEqual(await rig.content.head(id), undefined);
  });

  it("answers 503 when no file store is configured", async () => {
    // Prepare
    const rig = apiRig();

    // Act
    const response = await rig.call("GET", "/files");

    // Assess
    assert.equal(response.status, 503);
  });
});
