import { S3Client } from "@aws-sdk/client-s3";
import { awsLiteOnFirstUse } from "../adapters/aws-lite/aws-lite-on-first-use.ts";
import { createS3BulkDataStore } from "../adapters/bulk-data/s3-bulk-data-store.ts";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { resolveSecretEnv } from "../adapters/secrets/secret-env.ts";
import { secretsManagerReader } from "../adapters/secrets/secrets-manager-reader.ts";
import { readBulkDataConfig } from "../config/bulk-data-config.ts";
import { ConfigError } from "../config/config-error.ts";
import { envReader } from "../config/env-reader.ts";
import { readLogLevel } from "../config/log-level.ts";
import { createBulkDataHandler } from "./bulk-data-handler.ts";

/**
 * Lambda entry of the bulk data collector (TR-232 over HTTP): API Gateway -> this -> S3.
 * ACS_BULK_DATA_BUCKET, ACS_BULK_DATA_KEY (from the secret ACS_BULK_DATA_KEY_ARN names),
 * ACS_BULK_DATA_MAX_BYTES. No table access: a report costs two S3 PUTs and nothing else.
 */
const env = envReader(
  await resolveSecretEnv(process.env, secretsManagerReader(awsLiteOnFirstUse()), [
    { arnVariable: "ACS_BULK_DATA_KEY_ARN", fields: "ACS_BULK_DATA_KEY" },
  ]),
);
const config = readBulkDataConfig(env);
if (config === undefined) throw new ConfigError("ACS_BULK_DATA_KEY", "is required");

export const handler = createBulkDataHandler({
  store: createS3BulkDataStore({
    client: new S3Client({}),
    bucket: env.string("ACS_BULK_DATA_BUCKET"),
  }),
  key: config.key,
  maxBytes: config.maxBytes,
  clock: { now: () => Date.now() },
  logger: createJsonLogger({ service: "bulk-data", level: readLogLevel(env, "info") }),
});
