import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { BulkDataStore, StoredBulkReport } from "../../bulk-data-ports.ts";
import { latestReportKey, rawReportKey } from "../../core/bulk-data/bulk-report-keys.ts";
import { StoreUnavailableError } from "../../port-errors.ts";

export interface LocalBulkDataStoreOptions {
  /** `<ACS_DATA_DIR>/bulk-data`: the same keys as in the bucket (`raw/date=…/device=…/…`, `latest/…`). */
  readonly dir: string;
}

/** Device ids are percent-escaped (core/model/device-id.ts); anything else never names a file. */
const deviceIdShape = /^[A-Za-z0-9_.~%]*-[A-Za-z0-9_.~%]*-[A-Za-z0-9_.~%]+$/;

/** BulkDataStore on the local disk: the local ACS's stand-in for the bulk data bucket. */
export function createLocalBulkDataStore(options: LocalBulkDataStoreOptions): BulkDataStore {
  const pathOf = (key: string) => join(options.dir, ...key.split("/"));
  return {
    putReport: async ({ report, raw, extension }) => {
      checkId(report.deviceId);
      await writeAtomically(
        pathOf(rawReportKey(report.deviceId, report.receivedAt, extension)),
        raw,
      );
      await writeAtomically(
        pathOf(latestReportKey(report.deviceId)),
        Buffer.from(JSON.stringify(report), "utf8"),
      );
    },
    latestReport: async (deviceId) => {
      if (!deviceIdShape.test(deviceId)) return undefined;
      const text = await readFile(pathOf(latestReportKey(deviceId)), "utf8").catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return undefined;
          throw new StoreUnavailableError("bulk data files unavailable", { cause: error });
        },
      );
      return text === undefined ? undefined : (JSON.parse(text) as StoredBulkReport);
    },
  };
}

function checkId(deviceId: string) {
  if (!deviceIdShape.test(deviceId)) throw new RangeError(`not a device id: ${deviceId}`);
}

/** Written beside and renamed, so a reader never sees half a latest report. */
async function writeAtomically(path: string, bytes: Uint8Array) {
  try {
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (error) {
    throw new StoreUnavailableError("bulk data files unavailable", { cause: error });
  }
}
