import type { FileRecord } from "../../core/model/file-record.ts";
import { FileConflictError } from "../../port-errors.ts";
import type { FileStore } from "../../ports.ts";
import { decodeFileCursor, fileListPage } from "../dynamodb/file-list-cursor.ts";
import { cloneData } from "./clone-data.ts";

/** FileStore on a Map, with the DynamoDB adapter's conditions and listing order. */
export function createMemoryFileStore(
  options: { readonly files?: Map<string, FileRecord> } = {},
): FileStore {
  const files = options.files ?? new Map<string, FileRecord>();
  return {
    createFile: async (file) => {
      if (files.has(file.id)) throw new FileConflictError(file.id, "absent");
      files.set(file.id, cloneData(file));
    },
    markReady: async (file) => {
      if (files.get(file.id)?.state !== "pending-upload")
        throw new FileConflictError(file.id, "pending-upload");
      files.set(file.id, cloneData(file));
    },
    getFile: async (id) => {
      const found = files.get(id);
      return found && cloneData(found);
    },
    deleteFile: async (id) => files.delete(id),
    listFiles: async (query) => {
      const after = query.cursor === undefined ? undefined : decodeFileCursor(query.cursor);
      const sorted = [...files.values()]
        .filter((file) => after === undefined || file.id > after)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(cloneData);
      return fileListPage(sorted, query);
    },
  };
}
