/**
 * Fargate entry of the connection-request sender (issue 4): reads the environment, builds the
 * real dependencies, serves /health, and drains on SIGTERM (ECS sends it, then SIGKILL after
 * the task's stopTimeout: keep ACS_SHUTDOWN_DEADLINE_MS below it).
 */
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoDeviceStore } from "../adapters/dynamodb/index.ts";
import { createUrlGuard, sendHttpConnectionRequest } from "../adapters/http-cr/index.ts";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { createXmppSession } from "../adapters/xmpp/index.ts";
import { ConfigError } from "../config/config-error.ts";
import type { Logger } from "../ports.ts";
import { createConnectionRequestService } from "./connection-request-service.ts";
import { createEmfMetrics } from "./emf-metrics.ts";
import { startHealthServer } from "./health-server.ts";
import { readServiceSettings, type ServiceSettings } from "./service-settings.ts";
import { createStaticCrCredentials } from "./static-cr-credentials.ts";
import type { HttpCrSender } from "./types.ts";

const SERVICE = "connection-request-service";

function buildXmpp(settings: ServiceSettings, logger: Logger) {
  const xmpp = settings.xmpp;
  if (xmpp === undefined) return undefined;
  return createXmppSession({
    service: xmpp.service,
    jid: xmpp.jid,
    password: xmpp.password,
    // One resource per task: two sessions with one full JID would conflict (RFC 6120 7.7.2.2).
    resource: `${xmpp.resourcePrefix}${randomBytes(6).toString("hex")}`,
    requireTls: xmpp.requireTls,
    logger: {
      info: (entry) => logger.info(String(entry.msg ?? "xmpp"), entry),
      warn: (entry) => logger.warn(String(entry.msg ?? "xmpp"), entry),
      error: (entry) => logger.error(String(entry.msg ?? "xmpp"), entry),
    },
  });
}

async function main(): Promise<void> {
  const logger = createJsonLogger({ service: SERVICE });
  let settings: ServiceSettings;
  try {
    settings = readServiceSettings(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error("invalid configuration", { variable: error.variable, problem: error.problem });
    process.exitCode = 1;
    return;
  }
  const sqs = new SQSClient(settings.sqsEndpoint ? { endpoint: settings.sqsEndpoint } : {});
  const dynamo = new DynamoDBClient(
    settings.dynamodbEndpoint ? { endpoint: settings.dynamodbEndpoint } : {},
  );
  const devices = createDynamoDeviceStore({
    client: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: settings.tableName,
  });
  const guard = createUrlGuard({ allowCidrs: settings.allowCidrs });
  const sendHttp: HttpCrSender = (request) =>
    sendHttpConnectionRequest({
      ...request,
      connectTimeoutMs: settings.httpTimeoutMs,
      responseTimeoutMs: settings.httpTimeoutMs,
      guard,
    });
  const service = createConnectionRequestService({
    sqs,
    devices,
    credentials: createStaticCrCredentials(settings.crCredentials),
    xmpp: buildXmpp(settings, logger),
    sendHttp,
    clock: { now: Date.now },
    logger,
    metrics: createEmfMetrics({ namespace: settings.metricsNamespace, service: SERVICE }),
    config: settings.service,
  });
  await service.start();
  const health = await startHealthServer({ port: settings.healthPort, health: service.health });
  process.once("SIGTERM", () => {
    logger.info("SIGTERM: draining", { deadlineMs: settings.shutdownDeadlineMs });
    void service
      .stop(settings.shutdownDeadlineMs)
      .then(() => health.close())
      .finally(() => {
        sqs.destroy();
        dynamo.destroy();
      });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${SERVICE} failed to start: ${String(error)}\n`);
  process.exitCode = 1;
});
