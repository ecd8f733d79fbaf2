/**
 * Fargate entry of the connection-request sender: reads the environment, builds the
 * real dependencies, serves /health, and drains on SIGTERM (ECS sends it, then SIGKILL after
 * the task's stopTimeout: keep ACS_SHUTDOWN_DEADLINE_MS below it).
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { awsLiteOnFirstUse } from "../adapters/aws-lite/aws-lite-on-first-use.ts";
import { createDynamoCaller } from "../adapters/dynamodb/dynamo-caller.ts";
import { createEventBridgeSink } from "../adapters/events/eventbridge-event-sink.ts";
import { startHealthServer } from "../adapters/health/health-server.ts";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { buildSenderRuntime, serviceName } from "../app/create-sender-runtime.ts";
import { ConfigError } from "../config/config-error.ts";
import { readSenderSettings, type SenderSettings } from "../config/sender-settings.ts";

async function main(): Promise<void> {
  let settings: SenderSettings;
  try {
    settings = readSenderSettings(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createJsonLogger({ service: serviceName }).error("invalid configuration", {
      variable: error.variable,
      problem: error.problem,
    });
    process.exitCode = 1;
    return;
  }
  const logger = createJsonLogger({ service: serviceName, level: settings.logLevel });
  const busName = process.env.ACS_EVENT_BUS_NAME?.trim();
  const sqs = new SQSClient(settings.sqsEndpoint ? { endpoint: settings.sqsEndpoint } : {});
  // The table through the same path as the Lambda functions (dynamo-caller.ts); the ECS
  // container credentials are read again every 10 minutes (aws-lite-on-first-use.ts).
  const dynamo = createDynamoCaller({
    awsLite: awsLiteOnFirstUse(
      settings.dynamodbEndpoint ? { endpoint: settings.dynamodbEndpoint } : {},
    ),
  });
  const runtime = buildSenderRuntime({
    settings,
    sqs,
    dynamo,
    logger,
    // ConnectionRequestFailed events go to the ACS bus when it is configured.
    ...(busName && {
      events: createEventBridgeSink({ client: new EventBridgeClient({}), busName, logger }),
    }),
  });
  const { service } = runtime;
  await service.start();
  await runtime.stun?.start();
  // The always-on sender also hosts the campaign runner.
  const campaigns = runtime.startCampaigns();
  const health = await startHealthServer({ port: settings.healthPort, health: service.health });
  process.once("SIGTERM", () => {
    logger.info("SIGTERM: draining", { deadlineMs: settings.shutdownDeadlineMs });
    void campaigns
      .stop()
      .then(() => service.stop(settings.shutdownDeadlineMs))
      .then(() => runtime.stun?.stop())
      .then(() => health.close())
      .finally(() => {
        sqs.destroy();
      });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${serviceName} failed to start: ${String(error)}\n`);
  process.exitCode = 1;
});
