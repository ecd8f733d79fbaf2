import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createEventBridgeSink } from "../adapters/events/eventbridge-event-sink.ts";
import { noEvents } from "../adapters/events/local-event-sink.ts";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { resolveSecretEnv } from "../adapters/secrets/secret-env.ts";
import { createSqsConnectionRequestQueue } from "../adapters/sqs/sqs-connection-request-queue.ts";
import { createApi } from "../app/create-api.ts";
import { envReader } from "../config/env-reader.ts";
import { readSecretParameterPolicy } from "../config/secret-parameters-config.ts";
import { parseSecretsKey } from "../config/secrets-key.ts";
import { readTaskDefaults } from "../config/task-defaults.ts";
import { createApiHandler } from "./api-handler.ts";

/**
 * Lambda entry of the provisioning API. API Gateway authorizes callers with
 * IAM (SigV4) before this runs. Configuration is read once, at cold start:
 * ACS_TABLE_NAME, ACS_QUEUE_URL, ACS_EVENT_BUS_NAME (optional), the task defaults
 * (config/task-defaults.ts), ACS_SECRET_PARAMETERS and ACS_SECRETS_KEY (from the secret named by
 * ACS_SECRETS_KEY_ARN: secret parameter values are sealed with it; without it they are refused).
 */
const env = envReader(
  await resolveSecretEnv(process.env, new SecretsManagerClient({}), [
    { arnVariable: "ACS_SECRETS_KEY_ARN", fields: "ACS_SECRETS_KEY" },
  ]),
);
const secretsKeyText = env.optionalString("ACS_SECRETS_KEY");
const logger = createJsonLogger({ service: "api" });
const busName = env.optionalString("ACS_EVENT_BUS_NAME");

export const handler = createApiHandler(
  createApi({
    tableName: env.string("ACS_TABLE_NAME"),
    cpeAuthRealm: env.string("ACS_CPE_AUTH_REALM", "acs"),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    connectionRequests: createSqsConnectionRequestQueue({
      client: new SQSClient({}),
      queueUrl: env.string("ACS_QUEUE_URL"),
    }),
    events: busName
      ? createEventBridgeSink({ client: new EventBridgeClient({}), busName, logger })
      : noEvents,
    logger,
    taskDefaults: readTaskDefaults(env),
    secretParameters: readSecretParameterPolicy(env),
    ...(secretsKeyText !== undefined && { secretsKey: parseSecretsKey(secretsKeyText) }),
  }),
);
