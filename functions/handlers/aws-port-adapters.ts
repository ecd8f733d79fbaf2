import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createS3BulkDataStore } from "../adapters/bulk-data/s3-bulk-data-store.ts";
import { createEventBridgeSink } from "../adapters/events/eventbridge-event-sink.ts";
import { createFilesS3Client, createS3FileContent } from "../adapters/files/s3-file-content.ts";
import { createSqsConnectionRequestQueue } from "../adapters/sqs/sqs-connection-request-queue.ts";
import type {
  BulkDataStore,
  ConnectionRequestQueue,
  EventSink,
  FileContent,
  Logger,
} from "../ports.ts";

// Imported only dynamically (aws-ports-on-first-use.ts), so esbuild evaluates this module and
// the SDK clients below on first use. They are imported statically here because esbuild keeps
// the whole namespace of a dynamically imported package; even so, the lazily wrapped clients
// are shaken less than static ones (the bundle keeps about 60 KiB more of them).

export function sqsQueue(queueUrl: string): ConnectionRequestQueue {
  return createSqsConnectionRequestQueue({ client: new SQSClient({}), queueUrl });
}

export function eventBridgeSink(busName: string, logger: Logger): EventSink {
  return createEventBridgeSink({ client: new EventBridgeClient({}), busName, logger });
}

/** Where one FileContent keeps its objects in the files bucket. */
export interface S3FileContentPlace {
  readonly prefix: string;
  readonly uploadLifetimeSeconds?: number;
}

/** One FileContent per place, all on one S3 client. */
export function s3FileContents<K extends string>(
  bucket: string,
  places: Readonly<Record<K, S3FileContentPlace>>,
): Record<K, FileContent> {
  const client = createFilesS3Client();
  const clock = { now: () => Date.now() };
  const entries = Object.entries<S3FileContentPlace>(places).map(([key, place]) => [
    key,
    createS3FileContent({ client, bucket, clock, ...place }),
  ]);
  return Object.fromEntries(entries) as Record<K, FileContent>;
}

/** The bulk data bucket's reports (the API reads `latest/`). */
export function s3BulkDataStore(bucket: string): BulkDataStore {
  return createS3BulkDataStore({ client: createFilesS3Client(), bucket });
}
