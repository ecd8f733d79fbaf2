import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBulkDataStore } from "../adapters/bulk-data/local-bulk-data-store.ts";
import type { BulkDataStore } from "../bulk-data-ports.ts";
import { createBulkDataHandler } from "../handlers/bulk-data-handler.ts";
import type { Clock, Logger } from "../ports.ts";
import type { LocalConfig } from "./local-config.ts";
import { listenNamed } from "./local-start-errors.ts";
import { serveHandler } from "./serve-handler.ts";

export interface LocalBulkData {
  /** The collector's URL CPEs report to (`HTTP.URL` of their BulkData profile). */
  readonly url: string;
  /** The reports as the API reads them. */
  readonly store: BulkDataStore;
  stop(): Promise<void>;
}

/**
 * The local stand-in for API Gateway + the collector Lambda + the bucket: the same handler on
 * ACS_BULK_DATA_PORT, reports under `<ACS_DATA_DIR>/bulk-data` (kept), or a temporary
 * directory removed on stop.
 */
export async function startLocalBulkData(
  config: LocalConfig,
  logger: Logger,
  clock: Clock = { now: () => Date.now() },
): Promise<LocalBulkData> {
  const temporary = config.dataDir === undefined;
  const dir = config.dataDir
    ? join(config.dataDir, "bulk-data")
    : await mkdtemp(join(tmpdir(), "acs-bulk-data-"));
  const store = createLocalBulkDataStore({ dir });
  const handler = createBulkDataHandler({ store, ...config.bulkData, clock, logger });
  const served = await listenNamed(
    { variable: "ACS_BULK_DATA_PORT", host: config.host, port: config.bulkDataPort },
    () =>
      serveHandler({
        host: config.host,
        port: config.bulkDataPort,
        handler,
        logger,
        timeouts: config.requestTimeouts,
      }),
  );
  return {
    url: served.url,
    store,
    stop: async () => {
      await served.close();
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}
