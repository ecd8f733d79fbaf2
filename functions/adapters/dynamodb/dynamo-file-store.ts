import type { FileRecord } from "../../core/model/file-record.ts";
import { FileConflictError } from "../../port-errors.ts";
import type { FileStore } from "../../ports.ts";
import { itemIsNew } from "./conditions.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { decodeFileCursor, fileListPage } from "./file-list-cursor.ts";
import { recordFromItem, storedRecord } from "./parse-item.ts";
import { createTableClient } from "./table-client.ts";

/**
 * File metadata: pk=`FILE#<id>`, sk=`FILE`, the FileRecord at the top level; operators' files
 * are listed through gsi1 `FILES`, the files a device uploaded through gsi1 `DEVFILES#<device>`,
 * each sorted by id (time-sortable). Either partition is small (images and configuration files;
 * one device's backups and logs): a listing reads it after its cursor and filters here rather
 * than in a FilterExpression that would cut pages short.
 */
const key = (id: string) => ({ pk: `FILE#${id}`, sk: "FILE" });
const listPartition = (deviceId: string | undefined) =>
  deviceId === undefined ? "FILES" : `DEVFILES#${deviceId}`;

const fileRecord = storedRecord<FileRecord>(
  "a file with id, name, fileType, size and state",
  (file) =>
    typeof file.id === "string" &&
    typeof file.name === "string" &&
    typeof file.fileType === "string" &&
    typeof file.size === "number" &&
    (file.state === "pending-upload" || file.state === "ready"),
);

const item = (file: FileRecord) => ({
  ...file,
  ...key(file.id),
  gsi1pk: listPartition(file.deviceId),
  gsi1sk: file.id,
});

export function createDynamoFileStore(options: DynamoStoreOptions): FileStore {
  const table = createTableClient(options);
  return {
    createFile: async (file) => {
      const expression = expressionBuilder().condition(itemIsNew);
      const result = await table.put({ item: item(file), expression }, "createFile");
      if (!result.written) throw new FileConflictError(file.id, "absent");
    },
    markReady: async (file) => {
      const expression = expressionBuilder().condition(
        (e) => `${e.name("state")} = ${e.value("pending-upload")}`,
      );
      const result = await table.put({ item: item(file), expression }, "markFileReady");
      if (!result.written) throw new FileConflictError(file.id, "pending-upload");
    },
    getFile: async (id) => {
      const found = await table.get(key(id), "getFile");
      return found ? recordFromItem(fileRecord, found) : undefined;
    },
    deleteFile: async (id) => {
      const result = await table.delete({ key: key(id), returnOld: true }, "deleteFile");
      return result.written && result.old !== undefined;
    },
    listFiles: async (query) => {
      const after = query.cursor === undefined ? undefined : decodeFileCursor(query.cursor);
      const expression = expressionBuilder().keyCondition(
        (e) =>
          `${e.name("gsi1pk")} = ${e.value(listPartition(query.deviceId))}` +
          (after === undefined ? "" : ` AND ${e.name("gsi1sk")} > ${e.value(after)}`),
      );
      const rows = await table.query({ index: "gsi1", expression }, "listFiles");
      const keys = rows.map((row) => ({ pk: String(row.pk), sk: String(row.sk) }));
      const files = (await table.batchGet(keys, "listFiles"))
        .map((found) => recordFromItem(fileRecord, found))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return fileListPage(files, query);
    },
  };
}
