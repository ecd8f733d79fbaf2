import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryFileContent } from "../../functions/adapters/memory/memory-file-content.ts";
import { createMemoryFileStore } from "../../functions/adapters/memory/memory-file-store.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import type { FileRecord } from "../../functions/core/model/file-record.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { resolveFileTask } from "../../functions/tasks/resolve-file-task.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";

const serial = "FW1";
const deviceId = `00D09E-HGW-${serial}`;
const image: FileRecord = {
  id: "01KBX000000000000000000001",
  name: "hgw-2.0.bin",
  fileType: "1 Firmware Upgrade Image",
  version: "2.0",
  size: 3,
  sha256: "ab".repeat(32),
  createdAt: 1,
  uploadedAt: 2,
  state: "ready",
};

function inform(
  softwareVersion: string,
  events: readonly (readonly [string, string])[],
): CpeMessage {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: events.map(([eventCode, commandKey]) => ({ eventCode, commandKey })),
    maxEnvelopes: 1,
    currentTime: "2026-12-01T12:00:00Z",
    retryCount: 0,
    parameterList: [
      { name: "Device.DeviceInfo.SoftwareVersion", value: softwareVersion, type: "string" },
    ],
  };
}

const transferComplete = (commandKey: string): CpeMessage => ({
  method: "TransferComplete",
  commandKey,
  faultStruct: { faultCode: 0, faultString: "" },
  startTime: "2026-12-01T12:00:01Z",
  completeTime: "2026-12-01T12:00:02Z",
});

/** A session service with a file store holding one ready firmware image. */
async function rig() {
  let acs: MemorySession | undefined;
  const clock = { now: () => acs?.clock.now() ?? 0 };
  const store = createMemoryFileStore();
  await store.createFile(image);
  const content = createMemoryFileContent({ clock, baseUrl: "http://files.test/" });
  const uploads = createMemoryFileContent({ clock, baseUrl: "http://uploads.test/" });
  acs = memorySession({ files: { store, content, uploads, urlLifetimeSeconds: 600 } });
  const registered = await acs.post(inform("1.0", [["0 BOOTSTRAP", ""]]));
  await acs.post(null, registered.cookie);
  return { acs, store, uploads };
}

async function queue(acs: MemorySession, id: string, spec: TaskSpec): Promise<void> {
  await acs.stores.tasks.createTask(
    newTask({ id, deviceId, spec, now: acs.clock.now(), defaults: builtInTaskDefaults }),
  );
}

/** Queues the firmware download and lets the CPE accept it (DownloadResponse Status 1). */
async function downloadAccepted(
  acs: MemorySession,
  store: ReturnType<typeof createMemoryFileStore>,
) {
  await queue(
    acs,
    "T1",
    await resolveFileTask({ files: store }, { name: "download", fileId: image.id } as TaskSpec),
  );
  acs.advance(1_000);
  const informed = await acs.post(inform("1.0", [["6 CONNECTION REQUEST", ""]]));
  const sent = await acs.post(null, informed.cookie);
  await acs.post(
    { method: "DownloadResponse", status: 1, startTime: "", completeTime: "" },
    informed.cookie,
  );
  return sent;
}

describe("a Download by fileId", () => {
  it("is sent with a URL presigned at send and the file's metadata, and no URL is stored", async () => {
    // Prepare
    const { acs, store } = await rig();

    // Act
    const sent = await downloadAccepted(acs, store);

    // Assess
    assert.equal(sent.rpc?.method, "Download");
    const rpc = sent.rpc as Extract<typeof sent.rpc, { method: "Download" }>;
    const expires = acs.clock.now() + 600_000;
    assert.equal(rpc.url, `http://files.test/files/${image.id}?expires=${expires}`);
    assert.equal(rpc.fileType, "1 Firmware Upgrade Image");
    assert.equal(rpc.fileSize, 3);
    assert.equal(rpc.targetFileName, "hgw-2.0.bin");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "awaiting-transfer");
    assert.equal(task?.spec.name === "download" && task.spec.url, undefined);
  });

  it("is verified by the Inform of the reboot into the image, and reported completed", async () => {
    // Prepare
    const { acs, store } = await rig();
    await downloadAccepted(acs, store);
    acs.advance(60_000);

    // Act
    const booted = await acs.post(
      inform("2.0", [
        ["1 BOOT", ""],
        ["7 TRANSFER COMPLETE", ""],
        ["M Download", "T1"],
      ]),
    );
    await acs.post(transferComplete("T1"), booted.cookie);
    const end = await acs.post(null, booted.cookie);

    // Assess
    assert.equal(end.status, 204);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "verified");
    assert.equal(task?.result?.softwareVersion, "2.0");
    assert.ok(acs.events.some((e) => e.type === "TaskCompleted" && e.taskId === "T1"));
    assert.deepEqual((await acs.stores.devices.getDevice(deviceId))?.taskQueue, []);
  });

  it("waits verifying without a reboot, is not sent again nor blocks the queue, and the next Inform faults a wrong version", async () => {
    // Prepare
    const { acs, store } = await rig();
    await downloadAccepted(acs, store);
    await queue(acs, "T2", { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] });
    acs.advance(60_000);

    // Act: the transfer completes in a session the CPE opened without rebooting
    const transferred = await acs.post(inform("1.0", [["7 TRANSFER COMPLETE", ""]]));
    await acs.post(transferComplete("T1"), transferred.cookie);
    const floor = await acs.post(null, transferred.cookie);
    const verifying = await acs.stores.tasks.getTask("T1");
    acs.advance(60_000);
    const next = await acs.post(inform("1.0", [["2 PERIODIC", ""]]));
    const afterNext = await acs.post(null, next.cookie);

    // Assess
    assert.equal(verifying?.status, "verifying");
    assert.equal(
      floor.rpc?.method,
      "GetParameterValues",
      "the next task is sent, not the Download",
    );
    assert.notEqual(afterNext.rpc?.method, "Download");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "faulted");
    assert.equal(task?.reason, "version-mismatch");
    assert.equal(task?.result?.softwareVersion, "1.0");
    const faulted = acs.events.find((e) => e.type === "TaskFaulted" && e.taskId === "T1");
    assert.equal(faulted?.type === "TaskFaulted" && faulted.reason, "version-mismatch");
    assert.ok(
      acs.logs.some(
        (l) => l.message === "firmware version mismatch" && l.fields.expectedVersion === "2.0",
      ),
    );
  });
});

describe("an Upload without a URL", () => {
  it("uploads to the device's own file, marked ready with what the store holds on TransferComplete", async () => {
    // Prepare
    const { acs, store, uploads } = await rig();
    await queue(acs, "01KBX0000000000000000000U1", {
      name: "upload",
      fileType: "2 Vendor Log File",
    });
    acs.advance(1_000);
    const informed = await acs.post(inform("1.0", [["6 CONNECTION REQUEST", ""]]));

    // Act
    const sent = await acs.post(null, informed.cookie);
    const pending = await store.getFile("01KBX0000000000000000000U1");
    await acs.post(
      { method: "UploadResponse", status: 1, startTime: "", completeTime: "" },
      informed.cookie,
    );
    uploads.put("01KBX0000000000000000000U1", new TextEncoder().encode("log"));
    acs.advance(5_000);
    const done = await acs.post(
      inform("1.0", [
        ["7 TRANSFER COMPLETE", ""],
        ["M Upload", "01KBX0000000000000000000U1"],
      ]),
    );
    await acs.post(transferComplete("01KBX0000000000000000000U1"), done.cookie);

    // Assess
    assert.equal(sent.rpc?.method, "Upload");
    assert.match(
      (sent.rpc as { url: string }).url,
      /^http:\/\/uploads\.test\/files\/01KBX0000000000000000000U1\?token=/,
    );
    assert.equal(pending?.state, "pending-upload");
    assert.equal(pending?.deviceId, deviceId);
    const file = await store.getFile("01KBX0000000000000000000U1");
    assert.equal(file?.state, "ready");
    assert.equal(file?.size, 3);
    assert.equal(file?.fileType, "2 Vendor Log File");
    assert.equal((await acs.stores.tasks.getTask("01KBX0000000000000000000U1"))?.status, "done");
  });
});

describe("a Download by fileId that cannot be sent", () => {
  it("ends faulted without a send when it was queued unresolved", async () => {
    // Prepare
    const { acs } = await rig();
    await queue(acs, "T9", { name: "download", fileId: image.id } as TaskSpec);
    const informed = await acs.post(inform("1.0", [["2 PERIODIC", ""]]));

    // Act
    const floor = await acs.post(null, informed.cookie);

    // Assess
    assert.equal(floor.status, 204);
    const task = await acs.stores.tasks.getTask("T9");
    assert.equal(task?.status, "faulted");
    assert.equal(task?.attempts, 0);
    assert.match(task?.reason ?? "", /FileType/);
  });

  it("ends faulted without a send on an endpoint without a file store", async () => {
    // Prepare
    const acs = memorySession();
    const registered = await acs.post(inform("1.0", [["0 BOOTSTRAP", ""]]));
    await acs.post(null, registered.cookie);
    const store = createMemoryFileStore();
    await store.createFile(image);
    await queue(
      acs,
      "T8",
      await resolveFileTask({ files: store }, {
        name: "download",
        fileId: image.id,
      } as TaskSpec),
    );
    const informed = await acs.post(inform("1.0", [["2 PERIODIC", ""]]));

    // Act
    const floor = await acs.post(null, informed.cookie);

    // Assess
    assert.equal(floor.status, 204);
    const task = await acs.stores.tasks.getTask("T8");
    assert.equal(task?.status, "faulted");
    assert.match(task?.reason ?? "", /no file store/);
  });
});
