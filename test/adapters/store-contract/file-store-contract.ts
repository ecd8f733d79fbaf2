import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FileRecord } from "../../../functions/core/model/file-record.ts";
import { FileConflictError, InvalidCursorError } from "../../../functions/port-errors.ts";
import type { FileStore } from "../../../functions/ports.ts";

const t0 = 1_800_000_000_000;

export const fileRecord = (n: number, overrides: Partial<FileRecord> = {}): FileRecord => ({
  id: `01KBX${String(n).padStart(21, "0")}`,
  name: `image-${n}.bin`,
  fileType: "1 Firmware Upgrade Image",
  version: `${n}.0`,
  size: 0,
  createdAt: t0 + n,
  state: "pending-upload",
  ...overrides,
});

/** What every FileStore must do (memory and DynamoDB run the same cases). */
export function fileStoreContract(fresh: () => Promise<FileStore>): void {
  describe("FileStore contract", () => {
    it("creates, reads and refuses a second create of the same id", async () => {
      // Prepare
      const store = await fresh();
      const file = fileRecord(1, { oui: ["00D09E"], productClasses: ["HGW"] });

      // Act
      await store.createFile(file);
      const again = store.createFile({ ...file, name: "other" });

      // Assess
      await assert.rejects(again, FileConflictError);
      assert.deepEqual(await store.getFile(file.id), file);
      assert.equal(await store.getFile(fileRecord(2).id), undefined);
    });

    it("marks a pending file ready once, and refuses when it is gone", async () => {
      // Prepare
      const store = await fresh();
      const file = fileRecord(1);
      await store.createFile(file);
      const ready: FileRecord = { ...file, state: "ready", size: 3, sha256: "ab", uploadedAt: t0 };

      // Act
      await store.markReady(ready);
      const twice = store.markReady(ready);
      const missing = store.markReady({ ...ready, id: fileRecord(9).id });

      // Assess
      await assert.rejects(twice, FileConflictError);
      await assert.rejects(missing, FileConflictError);
      assert.deepEqual(await store.getFile(file.id), ready);
    });

    it("deletes, answering false when there was nothing", async () => {
      // Prepare
      const store = await fresh();
      await store.createFile(fileRecord(1));

      // Act
      const first = await store.deleteFile(fileRecord(1).id);
      const second = await store.deleteFile(fileRecord(1).id);

      // Assess
      assert.equal(first, true);
      assert.equal(second, false);
      assert.equal(await store.getFile(fileRecord(1).id), undefined);
    });

    it("lists in id order with filters, page by page", async () => {
      // Prepare
      const store = await fresh();
      for (const n of [3, 1, 2, 4]) await store.createFile(fileRecord(n));
      await store.createFile(fileRecord(5, { fileType: "3 Vendor Configuration File" }));
      await store.createFile(fileRecord(6, { oui: ["AABBCC"] }));

      // Act
      const first = await store.listFiles({
        fileType: "1 Firmware Upgrade Image",
        oui: "00D09E",
        limit: 2,
      });
      const second = await store.listFiles({
        fileType: "1 Firmware Upgrade Image",
        oui: "00D09E",
        limit: 2,
        ...(first.cursor !== undefined && { cursor: first.cursor }),
      });
      const byVersion = await store.listFiles({ version: "2.0", limit: 10 });

      // Assess
      const ids = (page: { files: readonly FileRecord[] }) => page.files.map((f) => f.id);
      assert.deepEqual(ids(first), [fileRecord(1).id, fileRecord(2).id]);
      assert.deepEqual(ids(second), [fileRecord(3).id, fileRecord(4).id]);
      assert.equal(second.cursor, undefined, "nothing more matches");
      assert.deepEqual(ids(byVersion), [fileRecord(2).id]);
    });

    it("lists a device's uploaded files apart from operators' files and other devices'", async () => {
      // Prepare
      const store = await fresh();
      const log = { fileType: "2 Vendor Log File" as const, version: undefined };
      await store.createFile(fileRecord(1));
      for (const n of [4, 2, 3]) await store.createFile(fileRecord(n, { ...log, deviceId: "D-A" }));
      await store.createFile(fileRecord(5, { ...log, deviceId: "D-B" }));

      // Act
      const first = await store.listFiles({ deviceId: "D-A", limit: 2 });
      const second = await store.listFiles({
        deviceId: "D-A",
        limit: 2,
        ...(first.cursor !== undefined && { cursor: first.cursor }),
      });
      const operators = await store.listFiles({ limit: 10 });

      // Assess
      const ids = (page: { files: readonly FileRecord[] }) => page.files.map((f) => f.id);
      assert.deepEqual(ids(first), [fileRecord(2).id, fileRecord(3).id]);
      assert.deepEqual(ids(second), [fileRecord(4).id]);
      assert.equal(first.files[0]?.deviceId, "D-A");
      assert.deepEqual(ids(operators), [fileRecord(1).id]);
    });

    it("refuses a cursor it did not issue", async () => {
      // Prepare
      const store = await fresh();

      // Act
      const listing = store.listFiles({ limit: 10, cursor: "bm90IGEgY3Vyc29y" });

      // Assess
      await assert.rejects(listing, InvalidCursorError);
    });
  });
}
