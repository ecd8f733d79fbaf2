import { randomBytes } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createAesGcmSealer } from "../adapters/crypto/aes-gcm-sealer.ts";
import { createDynamoCampaignStore } from "../adapters/dynamodb/dynamo-campaign-store.ts";
import { createDynamoDeviceStore } from "../adapters/dynamodb/dynamo-device-store.ts";
import { createDynamoTaskStore } from "../adapters/dynamodb/dynamo-task-store.ts";
import { createUrlGuard, sendHttpConnectionRequest } from "../adapters/http-cr/index.ts";
import { createRandomIdSource } from "../adapters/random-id-source.ts";
import { createSqsConnectionRequestQueue } from "../adapters/sqs/sqs-connection-request-queue.ts";
import { createXmppSession } from "../adapters/xmpp/index.ts";
import { defaultCampaignSettings } from "../campaigns/campaign-deps.ts";
import { type CampaignRunner, startCampaignRunner } from "../campaigns/campaign-runner.ts";
import type { DeviceStore, EventSink, Logger } from "../ports.ts";
import {
  type ConnectionRequestService,
  createConnectionRequestService,
} from "./connection-request-service.ts";
import { createDeviceCrCredentials } from "./device-cr-credentials.ts";
import { createEmfMetrics } from "./emf-metrics.ts";
import type { ServiceSettings } from "./service-settings.ts";
import { createStaticCrCredentials } from "./static-cr-credentials.ts";
import type { HttpCrSender } from "./types.ts";

export const serviceName = "connection-request-service";

/** The sender and the campaign runner it hosts, built the same way on Fargate and in the local ACS. */
export interface SenderRuntime {
  readonly service: ConnectionRequestService;
  startCampaigns(): CampaignRunner;
}

export function buildSenderRuntime(options: {
  readonly settings: ServiceSettings;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBDocumentClient;
  readonly logger: Logger;
  readonly events?: EventSink;
  readonly metricsWrite?: (line: string) => void;
  /** How often to look for running campaigns while there are none. @default 5000 */
  readonly campaignIdleMs?: number;
}): SenderRuntime {
  const { settings, sqs, dynamo, logger } = options;
  const store = { client: dynamo, tableName: settings.tableName };
  const devices = publishingFailures(createDynamoDeviceStore(store), options.events);
  const tasks = createDynamoTaskStore(store);
  const ids = createRandomIdSource();
  const sealer = settings.secretsKey && createAesGcmSealer(settings.secretsKey);
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
    tasks,
    ids,
    credentials: createDeviceCrCredentials({
      sealer,
      fallback: createStaticCrCredentials(settings.crCredentials),
      logger,
    }),
    xmpp: buildXmpp(settings, logger),
    ...(settings.xmpp && { xmppDomain: settings.xmpp.jid.split("@")[1] ?? "" }),
    ...(sealer && { sealer }),
    sendHttp,
    clock: { now: Date.now },
    logger,
    metrics: createEmfMetrics({
      namespace: settings.metricsNamespace,
      service: serviceName,
      ...(options.metricsWrite && { write: options.metricsWrite }),
    }),
    config: settings.service,
  });
  const runnerId = `runner-${randomBytes(6).toString("hex")}`;
  return {
    service,
    startCampaigns: () =>
      startCampaignRunner(
        {
          campaigns: createDynamoCampaignStore(store),
          devices,
          tasks,
          connectionRequests: createSqsConnectionRequestQueue({
            client: sqs,
            queueUrl: settings.service.queueUrl,
          }),
          clock: { now: Date.now },
          ids,
          logger,
          runnerId,
          settings: defaultCampaignSettings,
        },
        250,
        options.campaignIdleMs,
      ),
  };
}

function buildXmpp(settings: ServiceSettings, logger: Logger) {
  const xmpp = settings.xmpp;
  if (xmpp === undefined) return undefined;
  return createXmppSession({
    service: xmpp.service,
    jid: xmpp.jid,
    password: xmpp.password,
    // One resource per instance: two sessions with one full JID would conflict (RFC 6120 7.7.2.2).
    resource: `${xmpp.resourcePrefix}${randomBytes(6).toString("hex")}`,
    requireTls: xmpp.requireTls,
    logger,
  });
}

/**
 * Publishes ConnectionRequestFailed (issue 5) whenever the sender records a
 * failed or expired attempt, without the sender knowing about events.
 */
function publishingFailures(devices: DeviceStore, events: EventSink | undefined): DeviceStore {
  if (!events) return devices;
  return {
    ...devices,
    recordConnectionRequest: async (deviceId, status) => {
      await devices.recordConnectionRequest(deviceId, status);
      if (status.outcome !== "failed" && status.outcome !== "expired") return;
      await events.publish([
        {
          type: "ConnectionRequestFailed",
          deviceId,
          at: status.at,
          method: status.method,
          outcome: status.outcome,
        },
      ]);
    },
  };
}
