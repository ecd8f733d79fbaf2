import { awsLiteOnFirstUse } from "../adapters/aws-lite/aws-lite-on-first-use.ts";
import { createDynamoCaller } from "../adapters/dynamodb/dynamo-caller.ts";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { resolveSecretEnv } from "../adapters/secrets/secret-env.ts";
import { secretsManagerReader } from "../adapters/secrets/secrets-manager-reader.ts";
import { createCwmpService } from "../app/create-cwmp-service.ts";
import { readCwmpConfig } from "../config/cwmp-config.ts";
import { envReader } from "../config/env-reader.ts";
import { type FilesConfig, readFilesConfig } from "../config/files-config.ts";
import { readLogLevel } from "../config/log-level.ts";
import {
  eventBridgeSinkOnFirstUse,
  s3FileContentsOnFirstUse,
  sqsQueueOnFirstUse,
} from "./aws-ports-on-first-use.ts";
import { createCwmpLambdaHandler } from "./cwmp-lambda-handler.ts";

/**
 * Lambda entry of the CWMP endpoint. Configuration is read once, at cold
 * start (secrets named by ACS_NONCE_SECRET_ARN, ACS_SECRETS_KEY_ARN, ACS_SECRETS_KEYS_ARN and
 * ACS_CPE_CREDENTIALS_SECRET_ARN come from Secrets Manager); in AWS, CPE
 * authentication defaults to digest and the session cookie to Secure (API Gateway serves
 * HTTPS only; ACS_COOKIE_SECURE=false turns it off). ACS_QUEUE_URL (the sender's queue)
 * carries XMPP account requests of the built-in XMPP profile; ACS_FILES_BUCKET (optional, with
 * ACS_FILES_PREFIX, ACS_UPLOADS_PREFIX, ACS_FILES_URL_LIFETIME_SECONDS) the file store. Invoked by the HTTP API
 * and, with the `cwmpFrontDoor` stage option, by the ALB.
 */
// DynamoDB and Secrets Manager over aws-lite, not the SDK: its import is most of a cold start
// (adapters/dynamodb/dynamo-caller.ts). The SQS/EventBridge/S3 clients load on first use.
const aws = awsLiteOnFirstUse();
const env = await resolveSecretEnv(process.env, secretsManagerReader(aws), [
  { arnVariable: "ACS_NONCE_SECRET_ARN", fields: "ACS_NONCE_SECRET" },
  { arnVariable: "ACS_SECRETS_KEY_ARN", fields: "ACS_SECRETS_KEY" },
  // The sealing key ring, a JSON key/value secret {"<id>": "<key>"} (config/secrets-key.ts).
  { arnVariable: "ACS_SECRETS_KEYS_ARN", fields: "ACS_SECRETS_KEYS" },
  { arnVariable: "ACS_XMPP_ACCOUNT_KEY_ARN", fields: "ACS_XMPP_ACCOUNT_KEY" },
  // The built-in bulk data profile's key (devices' collector passwords derive from it).
  { arnVariable: "ACS_BULK_DATA_KEY_ARN", fields: "ACS_BULK_DATA_KEY" },
  {
    arnVariable: "ACS_CPE_CREDENTIALS_SECRET_ARN",
    fields: { username: "ACS_CPE_USERNAME", password: "ACS_CPE_PASSWORD" },
  },
]);
const config = readCwmpConfig(envReader(env), { auth: "digest" });
const dynamo = createDynamoCaller({ awsLite: aws });
const logger = createJsonLogger({ service: "cwmp", level: readLogLevel(envReader(env), "info") });
const busName = env.ACS_EVENT_BUS_NAME?.trim();
const events = busName ? eventBridgeSinkOnFirstUse(busName, logger) : undefined;

// The files bucket (set with its grants by lib/constructs/file-store.ts): Download by fileId
// and Upload to the ACS get URLs presigned with this function's credentials at send.
const filesConfig = readFilesConfig(envReader(env));
const files = filesConfig && s3SessionFiles(filesConfig);

const queueUrl = env.ACS_QUEUE_URL?.trim();
// With the front door's mutual TLS: the target group whose events carry verified certificates.
const mtlsTargetGroupName = env.ACS_MTLS_TARGET_GROUP?.trim() || undefined;
const accountQueue = queueUrl ? sqsQueueOnFirstUse(queueUrl) : undefined;

export const handler = createCwmpLambdaHandler(
  createCwmpService({
    config,
    dynamo,
    logger,
    ...(events && { events }),
    ...(accountQueue && { accountQueue }),
    ...(files && { files }),
  }),
  { ...(mtlsTargetGroupName && { mtlsTargetGroupName }) },
);

/** Operators' files (Download) and CPEs' uploads (Upload) in the files bucket. */
function s3SessionFiles(files: FilesConfig) {
  const { content, uploads } = s3FileContentsOnFirstUse(files.bucket, {
    content: { prefix: files.filesPrefix },
    uploads: { prefix: files.uploadsPrefix, uploadLifetimeSeconds: files.urlLifetimeSeconds },
  });
  return { content, uploads, urlLifetimeSeconds: files.urlLifetimeSeconds };
}
