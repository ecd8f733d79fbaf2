import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryFileStore } from "../../functions/adapters/memory/memory-file-store.ts";
import type { FileRecord } from "../../functions/core/model/file-record.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import {
  resolveFileTask,
  TaskFileNotDownloadableError,
  TaskFileNotFoundError,
  TaskFileNotReadyError,
} from "../../functions/tasks/resolve-file-task.ts";

const file: FileRecord = {
  id: "01KBX000000000000000000001",
  name: "hgw-2.0.bin",
  fileType: "1 Firmware Upgrade Image",
  version: "2.0",
  size: 1234,
  sha256: "ab".repeat(32),
  createdAt: 1,
  uploadedAt: 2,
  state: "ready",
};

async function storeWith(...files: FileRecord[]) {
  const store = createMemoryFileStore();
  for (const f of files) await store.createFile(f);
  return { files: store };
}

const byId = (fileId: string, extra: Partial<TaskSpec> = {}) =>
  ({ name: "download", fileId, ...extra }) as TaskSpec;

describe("resolveFileTask", () => {
  it("fills FileType, FileSize, TargetFileName and the expected version of a firmware image", async () => {
    // Prepare
    const deps = await storeWith(file);

    // Act
    const spec = await resolveFileTask(
      deps,
      byId(file.id, { delaySeconds: 5 } as Partial<TaskSpec>),
    );

    // Assess
    assert.deepEqual(spec, {
      name: "download",
      fileId: file.id,
      fileType: "1 Firmware Upgrade Image",
      fileSize: 1234,
      targetFileName: "hgw-2.0.bin",
      expectedVersion: "2.0",
      delaySeconds: 5,
    });
  });

  it("keeps a given TargetFileName and expects no version of a configuration file", async () => {
    // Prepare
    const config: FileRecord = { ...file, fileType: "3 Vendor Configuration File" };
    const deps = await storeWith(config);

    // Act
    const spec = await resolveFileTask(
      deps,
      byId(file.id, { targetFileName: "cfg.xml" } as Partial<TaskSpec>),
    );

    // Assess
    assert.equal(spec.name === "download" && spec.targetFileName, "cfg.xml");
    assert.equal(spec.name === "download" && spec.expectedVersion, undefined);
  });

  it("sends a configuration file a CPE uploaded as a Vendor Configuration File", async () => {
    // Prepare
    const backup: FileRecord = { ...file, fileType: "1 Vendor Configuration File", deviceId: "D" };
    const deps = await storeWith(backup);

    // Act
    const spec = await resolveFileTask(deps, byId(file.id));

    // Assess
    assert.equal(spec.name === "download" && spec.fileType, "3 Vendor Configuration File");
  });

  it("refuses an unknown file, a pending one and a log file, each with its error", async () => {
    // Prepare
    const pending: FileRecord = {
      ...file,
      id: "01KBX000000000000000000002",
      state: "pending-upload",
    };
    const log: FileRecord = {
      ...file,
      id: "01KBX000000000000000000003",
      fileType: "2 Vendor Log File",
      deviceId: "D",
    };
    const deps = await storeWith(pending, log);

    // Act / Assess
    await assert.rejects(resolveFileTask(deps, byId(file.id)), TaskFileNotFoundError);
    await assert.rejects(resolveFileTask(deps, byId(pending.id)), TaskFileNotReadyError);
    await assert.rejects(resolveFileTask(deps, byId(log.id)), TaskFileNotDownloadableError);
  });

  it("returns any other spec unchanged", async () => {
    // Prepare
    const deps = await storeWith();
    const spec: TaskSpec = {
      name: "download",
      url: "http://f/x",
      fileType: "1 Firmware Upgrade Image",
    };

    // Act / Assess
    assert.equal(await resolveFileTask(deps, spec), spec);
  });
});
