import {
  lazyConnectionRequestQueue,
  lazyEventSink,
  lazyFileContent,
  onFirstUse,
} from "../adapters/lazy/lazy-ports.ts";
import type {
  BulkDataStore,
  ConnectionRequestQueue,
  EventSink,
  FileContent,
  Logger,
} from "../ports.ts";
import type { S3FileContentPlace } from "./aws-port-adapters.ts";

/**
 * The SQS queue, the EventBridge bus and the files bucket of the Lambda entries, with their SDK
 * clients imported and created on first use (a dynamic import: esbuild keeps
 * the module in the bundle but evaluates it only then), so cold start pays for
 * neither until a request needs it.
 */
export function sqsQueueOnFirstUse(queueUrl: string): ConnectionRequestQueue {
  return lazyConnectionRequestQueue(async () =>
    (await import("./aws-port-adapters.ts")).sqsQueue(queueUrl),
  );
}

export function eventBridgeSinkOnFirstUse(busName: string, logger: Logger): EventSink {
  return lazyEventSink(async () =>
    (await import("./aws-port-adapters.ts")).eventBridgeSink(busName, logger),
  );
}

/** The files bucket's FileContents (one per place), sharing one S3 client built on first use. */
export function s3FileContentsOnFirstUse<K extends string>(
  bucket: string,
  places: Readonly<Record<K, S3FileContentPlace>>,
): Record<K, FileContent> {
  const all = onFirstUse(async () =>
    (await import("./aws-port-adapters.ts")).s3FileContents(bucket, places),
  );
  const entries = Object.keys(places).map((key) => [
    key,
    lazyFileContent(async () => (await all())[key as K]),
  ]);
  return Object.fromEntries(entries) as Record<K, FileContent>;
}

/** The bulk data bucket's reports, its S3 client built on first use. */
export function s3BulkDataStoreOnFirstUse(bucket: string): BulkDataStore {
  const store = onFirstUse(async () =>
    (await import("./aws-port-adapters.ts")).s3BulkDataStore(bucket),
  );
  return {
    putReport: async (input) => (await store()).putReport(input),
    latestReport: async (deviceId) => (await store()).latestReport(deviceId),
  };
}
