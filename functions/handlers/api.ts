import { awsLiteOnFirstUse } from "../adapters/aws-lite/aws-lite-on-first-use.ts";
import { createDynamoCaller } from "../adapters/dynamodb/dynamo-caller.ts";
import { noEvents } from "../adapters/events/local-event-sink.ts";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { resolveSecretEnv } from "../adapters/secrets/secret-env.ts";
import { secretsManagerReader } from "../adapters/secrets/secrets-manager-reader.ts";
import { defaultApiTimeoutSeconds } from "../api/api-deps.ts";
import { createApi } from "../app/create-api.ts";
import { readApiTimeoutSeconds } from "../config/api-timeout.ts";
import { readDiagnosticTimeoutMs } from "../config/diagnostics-config.ts";
import { envReader } from "../config/env-reader.ts";
import { type FilesConfig, readFilesConfig } from "../config/files-config.ts";
import { readFleetSummaryMaxAgeSeconds } from "../config/fleet-summary-config.ts";
import { readLogLevel } from "../config/log-level.ts";
import { readSecretParameterPolicy } from "../config/secret-parameters-config.ts";
import { readSealingKeys } from "../config/secrets-key.ts";
import { readTaskDefaults } from "../config/task-defaults.ts";
import { createApiHandler } from "./api-handler.ts";
import {
  eventBridgeSinkOnFirstUse,
  s3BulkDataStoreOnFirstUse,
  s3FileContentsOnFirstUse,
  sqsQueueOnFirstUse,
} from "./aws-ports-on-first-use.ts";

/**
 * Lambda entry of the provisioning API. API Gateway authorizes callers with
 * IAM (SigV4) before this runs. Configuration is read once, at cold start:
 * ACS_TABLE_NAME, ACS_QUEUE_URL, ACS_EVENT_BUS_NAME (optional), ACS_CPE_AUTH_REALM,
 * ACS_CPE_USERNAME (optional: the shared CPE username, refused per device; in AWS the username
 * field of the secret named by ACS_CPE_CREDENTIALS_SECRET_ARN, the CWMP endpoint's), the task
 * defaults (config/task-defaults.ts), ACS_API_TIMEOUT_SECONDS (this function's timeout; bounds `wait`),
 * ACS_FLEET_SUMMARY_MAX_AGE_SECONDS (default 300, config/fleet-summary-config.ts),
 * ACS_SECRET_PARAMETERS and the sealing key ring (ACS_SECRETS_KEY from ACS_SECRETS_KEY_ARN,
 * ACS_SECRETS_KEYS from ACS_SECRETS_KEYS_ARN, ACS_SECRETS_KEY_ID: secret parameter values are
 * sealed with it; without it they are refused), ACS_FILES_BUCKET (optional: the file store;
 * without it /files answers 503) with ACS_FILES_PREFIX, ACS_UPLOADS_PREFIX and
 * ACS_FILES_URL_LIFETIME_SECONDS (config/files-config.ts; set by lib/constructs/file-store.ts
 * together with the grants on those prefixes), ACS_BULK_DATA_BUCKET (optional: bulk data reports,
 * `GET /devices/{id}/bulk-data/latest`; set by lib/constructs/bulk-data-collector.ts).
 */
// DynamoDB and Secrets Manager over aws-lite, not the SDK (adapters/dynamodb/dynamo-caller.ts).
const aws = awsLiteOnFirstUse();
const env = envReader(
  await resolveSecretEnv(process.env, secretsManagerReader(aws), [
    { arnVariable: "ACS_SECRETS_KEY_ARN", fields: "ACS_SECRETS_KEY" },
    { arnVariable: "ACS_SECRETS_KEYS_ARN", fields: "ACS_SECRETS_KEYS" },
    { arnVariable: "ACS_CPE_CREDENTIALS_SECRET_ARN", fields: { username: "ACS_CPE_USERNAME" } },
  ]),
);
const sealingKeys = readSealingKeys(env);
const logger = createJsonLogger({ service: "api", level: readLogLevel(env, "info") });
const busName = env.optionalString("ACS_EVENT_BUS_NAME");
const sharedUsername = env.optionalString("ACS_CPE_USERNAME");
const files = readFilesConfig(env);
const bulkDataBucket = env.optionalString("ACS_BULK_DATA_BUCKET");

export const handler = createApiHandler(
  createApi({
    tableName: env.string("ACS_TABLE_NAME"),
    cpeAuthRealm: env.string("ACS_CPE_AUTH_REALM", "acs"),
    ...(sharedUsername !== undefined && { cpeSharedUsername: sharedUsername }),
    dynamo: createDynamoCaller({ awsLite: aws }),
    connectionRequests: sqsQueueOnFirstUse(env.string("ACS_QUEUE_URL")),
    events: busName ? eventBridgeSinkOnFirstUse(busName, logger) : noEvents,
    logger,
    taskDefaults: readTaskDefaults(env),
    diagnosticTimeoutMs: readDiagnosticTimeoutMs(env),
    timeoutSeconds: readApiTimeoutSeconds(env, defaultApiTimeoutSeconds),
    fleetSummaryMaxAgeSeconds: readFleetSummaryMaxAgeSeconds(env, 300),
    secretParameters: readSecretParameterPolicy(env),
    ...(sealingKeys !== undefined && { sealingKeys }),
    ...(files !== undefined && s3Files(files)),
    ...(bulkDataBucket !== undefined && { bulkData: s3BulkDataStoreOnFirstUse(bulkDataBucket) }),
  }),
);

/** Operators' files and CPEs' uploads in the files bucket, under their prefixes. */
function s3Files(files: FilesConfig) {
  return s3FileContentsOnFirstUse(files.bucket, {
    fileContent: { prefix: files.filesPrefix, uploadLifetimeSeconds: files.urlLifetimeSeconds },
    uploadContent: { prefix: files.uploadsPrefix },
  });
}
