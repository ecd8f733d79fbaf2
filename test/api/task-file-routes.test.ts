import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryFileContent } from "../../functions/adapters/memory/memory-file-content.ts";
import { createMemoryFileStore } from "../../functions/adapters/memory/memory-file-store.ts";
import type { FileRecord } from "../../functions/core/model/file-record.ts";
import { apiRig, deviceId, t0 } from "./api-rig.ts";

const tasksPath = `/devices/${deviceId}/tasks`;
const image: FileRecord = {
  id: "01KBX000000000000000000001",
  name: "hgw-2.0.bin",
  fileType: "1 Firmware Upgrade Image",
  version: "2.0",
  size: 24,
  sha256: "ab".repeat(32),
  createdAt: t0,
  uploadedAt: t0,
  state: "ready",
};

function rigWith(...files: FileRecord[]) {
  const records = new Map(files.map((file) => [file.id, file]));
  const rig = apiRig({
    files: {
      store: createMemoryFileStore({ files: records }),
      content: createMemoryFileContent({ clock: { now: () => t0 } }),
      usage: { isFileInUse: async () => false },
    },
  });
  rig.addDevice();
  return rig;
}

describe("POST /devices/{id}/tasks with files of the store", () => {
  it("queues a Download by fileId with the file's metadata and no URL", async () => {
    // Prepare
    const rig = rigWith(image);

    // Act
    const response = await rig.call("POST", tasksPath, {
      body: { name: "download", fileId: image.id },
    });

    // Assess
    assert.equal(response.status, 202, JSON.stringify(response.json));
    assert.deepEqual(response.json.task, {
      name: "download",
      fileId: image.id,
      fileType: "1 Firmware Upgrade Image",
      fileSize: 24,
      targetFileName: "hgw-2.0.bin",
      expectedVersion: "2.0",
    });
  });

  it("answers 422 naming the file for an unknown or pending file", async () => {
    // Prepare
    const pending: FileRecord = {
      ...image,
      id: "01KBX000000000000000000002",
      state: "pending-upload",
    };
    const rig = rigWith(pending);

    // Act
    const unknown = await rig.call("POST", tasksPath, {
      body: { name: "download", fileId: "01KBX000000000000000000009" },
    });
    const notReady = await rig.call("POST", tasksPath, {
      body: { name: "download", fileId: pending.id },
    });

    // Assess
    assert.equal(unknown.status, 422);
    assert.equal(unknown.json.error, "unknown-file");
    assert.equal(unknown.json.fileId, "01KBX000000000000000000009");
    assert.equal(notReady.status, 422);
    assert.equal(notReady.json.error, "file-not-ready");
    assert.equal((await rig.deps.tasks.listTasks(deviceId)).length, 0);
  });

  it("refuses a Download with both url and fileId, with neither, or with fields the file fills", async () => {
    // Prepare
    const rig = rigWith(image);
    const bodies = [
      {
        name: "download",
        fileId: image.id,
        url: "http://f/x",
        fileType: "1 Firmware Upgrade Image",
      },
      { name: "download", fileType: "1 Firmware Upgrade Image" },
      { name: "download", fileId: image.id, fileSize: 3 },
    ];

    // Act
    const responses = await Promise.all(
      bodies.map((body) => rig.call("POST", tasksPath, { body })),
    );

    // Assess
    for (const response of responses)
      assert.equal(response.status, 400, JSON.stringify(response.json));
    assert.match(JSON.stringify(responses[0]?.json), /exactly one of url or fileId/);
  });

  it("queues an Upload without url for an Upload FileType, and refuses a Download FileType", async () => {
    // Prepare
    const rig = rigWith();

    // Act
    const log = await rig.call("POST", tasksPath, {
      body: { name: "upload", fileType: "2 Vendor Log File" },
    });
    const wrong = await rig.call("POST", tasksPath, {
      body: { name: "upload", fileType: "1 Firmware Upgrade Image" },
    });

    // Assess
    assert.equal(log.status, 202, JSON.stringify(log.json));
    assert.equal(wrong.status, 400);
  });

  it("answers 503 for a Download by fileId when no file store is configured", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const response = await rig.call("POST", tasksPath, {
      body: { name: "download", fileId: image.id },
    });

    // Assess
    assert.equal(response.status, 503);
  });
});

describe("GET /devices/{id}/files", () => {
  const upload = (n: number, deviceId: string): FileRecord => ({
    id: `01KBX00000000000000000000${n}`,
    name: `${deviceId} 2 Vendor Log File`,
    fileType: "2 Vendor Log File",
    deviceId,
    size: 3,
    sha256: "cd".repeat(32),
    createdAt: t0,
    uploadedAt: t0,
    state: "ready",
  });

  it("lists what the device uploaded, and GET /files/{id} downloads it from the uploads", async () => {
    // Prepare
    const records = new Map(
      [image, upload(2, deviceId), upload(3, "00D09E-HGW-OTHER")].map((f) => [f.id, f]),
    );
    const rig = apiRig({
      files: {
        store: createMemoryFileStore({ files: records }),
        content: createMemoryFileContent({ clock: { now: () => t0 } }),
        uploads: createMemoryFileContent({
          clock: { now: () => t0 },
          baseUrl: "http://uploads.test/",
        }),
        usage: { isFileInUse: async () => false },
      },
    });
    rig.addDevice();

    // Act
    const listed = await rig.call("GET", `/devices/${deviceId}/files`);
    const one = await rig.call("GET", `/files/${upload(2, deviceId).id}`);
    const unknown = await rig.call("GET", "/devices/00D09E-HGW-NOBODY/files");

    // Assess
    assert.equal(listed.status, 200);
    const files = listed.json.files as { id: string; deviceId: string }[];
    assert.deepEqual(
      files.map((f) => [f.id, f.deviceId]),
      [[upload(2, deviceId).id, deviceId]],
    );
    assert.match(String(one.json.url), /^http:\/\/uploads\.test\/files\//);
    assert.equal(unknown.status, 404);
  });
});
