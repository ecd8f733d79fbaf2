import { randomBytes } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createDeviceCrCredentials } from "../adapters/credentials/device-cr-credentials.ts";
import { createStaticCrCredentials } from "../adapters/credentials/static-cr-credentials.ts";
import { createAesGcmSealer } from "../adapters/crypto/aes-gcm-sealer.ts";
import type { DynamoCaller } from "../adapters/dynamodb/dynamo-caller.ts";
import { createDynamoCampaignProgressStore } from "../adapters/dynamodb/dynamo-campaign-progress-store.ts";
import { createDynamoCampaignStore } from "../adapters/dynamodb/dynamo-campaign-store.ts";
import { createDynamoDeviceStore } from "../adapters/dynamodb/dynamo-device-store.ts";
import { createDynamoFileStore } from "../adapters/dynamodb/dynamo-file-store.ts";
import { createDynamoTaskStore } from "../adapters/dynamodb/dynamo-task-store.ts";
import { noEvents } from "../adapters/events/local-event-sink.ts";
import { createUrlGuard, sendHttpConnectionRequest } from "../adapters/http-cr/index.ts";
import { createEmfMetrics } from "../adapters/metrics/emf-metrics.ts";
import { createRandomIdSource } from "../adapters/random-id-source.ts";
import { createSqsConnectionRequestQueue } from "../adapters/sqs/sqs-connection-request-queue.ts";
import {
  createUdpCrSender,
  defaultUdpCrSettings,
} from "../adapters/udp/send-udp-connection-request.ts";
import { createStunCredentialLookup } from "../adapters/udp/stun-credentials.ts";
import { createStunServer, type StunServer } from "../adapters/udp/stun-server.ts";
import { createXmppSession } from "../adapters/xmpp/index.ts";
import { defaultCampaignSettings } from "../campaigns/campaign-deps.ts";
import { type CampaignRunner, startCampaignRunner } from "../campaigns/campaign-runner.ts";
import type { SenderSettings, StunSettings } from "../config/sender-settings.ts";
import type { DeviceStore, EventSink, HttpCrSender, Logger, SecretSealer } from "../ports.ts";
import {
  type ConnectionRequestService,
  createConnectionRequestService,
} from "./create-connection-request-service.ts";

export const serviceName = "connection-request-service";

/** The sender and the campaign runner it hosts, built the same way on Fargate and in the local ACS. */
export interface SenderRuntime {
  readonly service: ConnectionRequestService;
  /** The STUN server whose socket UDP CRs leave from (ACS_STUN_PORT); start it with the service. */
  readonly stun: StunServer | undefined;
  startCampaigns(): CampaignRunner;
}

export function buildSenderRuntime(options: {
  readonly settings: SenderSettings;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoCaller;
  readonly logger: Logger;
  /** Where ConnectionRequestFailed is published; undefined: not published. */
  readonly events?: EventSink;
  readonly metricsWrite?: (line: string) => void;
  /** How often to look for running campaigns while there are none. @default 5000 */
  readonly campaignIdleMs?: number;
}): SenderRuntime {
  const { settings, sqs, dynamo, logger } = options;
  const store = { client: dynamo, tableName: settings.tableName };
  const devices = createDynamoDeviceStore(store);
  const tasks = createDynamoTaskStore(store);
  const ids = createRandomIdSource();
  const sealer = settings.sealingKeys && createAesGcmSealer(settings.sealingKeys);
  const guard = createUrlGuard({
    allowCidrs: settings.allowCidrs,
    allowedPorts: settings.allowedPorts,
    allowedNetworks: settings.allowedNetworks,
  });
  const sendHttp: HttpCrSender = (request) =>
    sendHttpConnectionRequest({
      ...request,
      connectTimeoutMs: settings.httpTimeoutMs,
      responseTimeoutMs: settings.httpTimeoutMs,
      guard,
    });
  const stun = settings.stun && buildStun(settings.stun, { devices, sealer, logger });
  const service = createConnectionRequestService({
    sqs,
    devices,
    tasks,
    ids,
    taskDefaults: settings.taskDefaults,
    taskSecrets: { policy: settings.secretParameters, ...(sealer && { sealer }) },
    credentials: createDeviceCrCredentials({
      sealer,
      fallback: createStaticCrCredentials(settings.crCredentials),
      logger,
    }),
    xmpp: buildXmpp(settings, logger),
    ...(settings.xmpp && { xmppDomain: settings.xmpp.domain }),
    ...(sealer && { sealer }),
    sendHttp,
    ...(stun && {
      sendUdp: createUdpCrSender({
        server: stun,
        devices,
        clock: { now: Date.now },
        ids,
        settings: settings.stun?.udp ?? defaultUdpCrSettings,
      }),
    }),
    ...(options.events && { events: options.events }),
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
    stun,
    startCampaigns: () =>
      startCampaignRunner(
        {
          campaigns: createDynamoCampaignStore(store),
          progress: createDynamoCampaignProgressStore(store),
          devices,
          tasks,
          files: createDynamoFileStore(store),
          connectionRequests: createSqsConnectionRequestQueue({
            client: sqs,
            queueUrl: settings.service.queueUrl,
          }),
          // CampaignHalted / CampaignCompleted go where ConnectionRequestFailed goes.
          events: options.events ?? noEvents,
          clock: { now: Date.now },
          ids,
          logger,
          runnerId,
          settings: defaultCampaignSettings,
          taskDefaults: settings.taskDefaults,
        },
        250,
        options.campaignIdleMs,
      ),
  };
}

function buildXmpp(settings: SenderSettings, logger: Logger) {
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

/** The STUN server (TR-111 Part 2); a binding names this task so CRs can be routed to it. */
function buildStun(
  settings: StunSettings,
  deps: { devices: DeviceStore; sealer: SecretSealer | undefined; logger: Logger },
): StunServer {
  const sealer = deps.sealer;
  return createStunServer({
    port: settings.port,
    // Without ACS_SECRETS_KEY no STUN password can be opened: every authenticated request gets 401.
    credentials:
      sealer === undefined
        ? async () => undefined
        : createStunCredentialLookup({ devices: deps.devices, sealer }),
    devices: deps.devices,
    clock: { now: Date.now },
    logger: deps.logger,
    serverId: `stun-${randomBytes(6).toString("hex")}`,
  });
}
