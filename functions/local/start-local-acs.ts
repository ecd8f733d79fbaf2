import { mkdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDynamoFileStore } from "../adapters/dynamodb/dynamo-file-store.ts";
import { TableIndexMissingError } from "../adapters/dynamodb/table-definition.ts";
import { createLocalEventSink } from "../adapters/events/local-event-sink.ts";
import { type LocalSqs, startLocalSqs } from "../adapters/sqs/local-sqs.ts";
import { createSqsConnectionRequestQueue } from "../adapters/sqs/sqs-connection-request-queue.ts";
import { createApi } from "../app/create-api.ts";
import { createCwmpService } from "../app/create-cwmp-service.ts";
import { buildSenderRuntime } from "../app/create-sender-runtime.ts";
import { readSenderSettings, type SenderSettings } from "../config/sender-settings.ts";
import { buildConsole } from "../console/build-console.ts";
import { createApiHandler } from "../handlers/api-handler.ts";
import { createCwmpEndpoint } from "../handlers/cwmp-handler.ts";
import type { BulkDataStore, Clock, EventSink, Logger } from "../ports.ts";
import type { ActivityCounter } from "./activity-counter.ts";
import { checkDataDirFree } from "./check-data-dir-free.ts";
import { createCountingEventSink } from "./counting-event-sink.ts";
import { createCountingLogger } from "./counting-logger.ts";
import type { LocalXmppState } from "./local-banner-lines.ts";
import type { LocalConfig } from "./local-config.ts";
import { DataDirOutdatedError, listenNamed } from "./local-start-errors.ts";
import { withConsole } from "./serve-console.ts";
import { type ServedHandler, serveHandler } from "./serve-handler.ts";
import { type LocalDynamo, startDynalite } from "./start-dynalite.ts";
import { startLocalBulkData } from "./start-local-bulk-data.ts";
import { type LocalFiles, startLocalFiles } from "./start-local-files.ts";
import { withLocalBulkData } from "./with-local-bulk-data.ts";

export interface LocalAcs {
  readonly cwmpUrl: string;
  /** The HTTPS CWMP listener (mutual TLS with ACS_CWMP_CLIENT_CA), when ACS_CWMP_TLS_PORT is set. */
  readonly cwmpTlsUrl?: string;
  readonly apiUrl: string;
  /** The operator console's page (same origin as the API). */
  readonly consoleUrl: string;
  /** The file server CPEs download from (and clients upload to, with a token). */
  readonly filesUrl: string;
  /** The bulk data collector CPEs report to (TR-232 over HTTP). */
  readonly bulkDataUrl: string;
  /** The JSON-lines file lifecycle events are appended to (see `eventsFileOf`). */
  readonly eventsFile: string;
  /** The in-process STUN server's UDP port, when ACS_STUN_PORT is set (0 picks a free one). */
  readonly stunPort?: number;
  /** The sender's XMPP account and its session's status now. */
  xmpp(): LocalXmppState;
  readonly dynamo: LocalDynamo;
  readonly sqs: LocalSqs;
  stop(): Promise<void>;
}

/**
 * The whole ACS on one machine: dynalite for DynamoDB, local-aws-sqs for
 * SQS, node:http for API Gateway, in front of the same handlers that run in
 * Lambda, and the connection-request sender (with the campaign runner)
 * in-process on the same code path as on Fargate.
 */
export async function startLocalAcs(
  config: LocalConfig,
  baseLogger: Logger,
  clock?: Clock,
  options: {
    /** Counts sessions, connection requests and finished tasks (the periodic summary). */
    readonly activity?: ActivityCounter;
  } = {},
): Promise<LocalAcs> {
  const counter = options.activity;
  const logger = counter ? createCountingLogger({ logger: baseLogger, counter }) : baseLogger;
  if (config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    await checkDataDirFree(config.dataDir);
  }
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamo = await startLocalDynamo(config);
    stops.push(() => dynamo.stop());
    const sqs = await startLocalSqs();
    stops.push(() => sqs.stop());
    const eventsFile = await eventsFileOf(config, stops);
    const sink = createLocalEventSink({
      file: eventsFile,
      ...(config.eventsWebhook && { webhookUrl: config.eventsWebhook }),
      logger,
    });
    const events = counter ? createCountingEventSink({ events: sink, counter }) : sink;
    const { files, bulkData } = await startLocalBuckets(config, { dynamo, logger, clock }, stops);
    const cwmpService = createCwmpService({
      config: withLocalBulkData(config.cwmp, { url: bulkData.url, key: config.bulkData.key }),
      dynamo: dynamo.client,
      logger,
      events,
      accountQueue: createSqsConnectionRequestQueue({ client: sqs.client, queueUrl: sqs.queueUrl }),
      // One directory holds operators' files and CPEs' uploads (ids never collide); local
      // download URLs carry no expiry, so the lifetime is nominal.
      files: { content: files.content, uploads: files.content, urlLifetimeSeconds: 3600 },
      ...(clock && { clock }),
    });
    const { cwmp, cwmpTls } = await serveCwmpListeners(config, cwmpService, logger, stops);
    const api = localApi(config, {
      dynamo,
      sqs,
      events,
      logger,
      files,
      bulkData: bulkData.store,
      ...(clock && { clock }),
    });
    const apiServer = await serve(
      config,
      config.apiPort,
      await withLocalConsole(config, api, files.url),
      logger,
    );
    stops.push(() => apiServer.close());
    const settings = localSenderSettings(config, sqs);
    const { sender, stunPort } = await startSender(
      settings,
      { sqs, dynamo, logger, events },
      stops,
    );
    const campaigns = sender.startCampaigns();
    stops.push(() => campaigns.stop());
    const urls = {
      cwmpUrl: cwmp.url,
      ...(cwmpTls && { cwmpTlsUrl: cwmpTls.url }),
      apiUrl: apiServer.url,
      filesUrl: files.url,
      bulkDataUrl: bulkData.url,
    };
    const xmpp = (): LocalXmppState =>
      settings.xmpp === undefined
        ? { configured: false }
        : {
            configured: true,
            jid: settings.xmpp.jid,
            service: settings.xmpp.service,
            status: sender.service.health().xmpp.status,
          };
    return {
      ...urls,
      consoleUrl: apiServer.url,
      eventsFile,
      ...(stunPort && { stunPort: stunPort.port }),
      xmpp,
      dynamo,
      sqs,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The stand-ins for the buckets: the file server and the bulk data collector, stopped with the rest. */
async function startLocalBuckets(
  config: LocalConfig,
  stand: { readonly dynamo: LocalDynamo; readonly logger: Logger; readonly clock?: Clock },
  stops: (() => Promise<void>)[],
) {
  const { logger, clock } = stand;
  const fileStore = createDynamoFileStore({
    client: stand.dynamo.client,
    tableName: config.cwmp.tableName,
  });
  const files = await listenNamed(port(config, "ACS_FILES_PORT", config.filesPort), () =>
    startLocalFiles(config, logger, clock, fileStore),
  );
  stops.push(files.stop);
  const bulkData = await startLocalBulkData(config, logger, clock);
  stops.push(bulkData.stop);
  return { files, bulkData };
}

/**
 * The API's handler behind its bearer token, with the operator console in front. The page
 * pre-fills the token: acceptable locally, where the `npm start` banner prints it anyway.
 */
async function withLocalConsole(
  config: LocalConfig,
  api: ReturnType<typeof localApi>,
  filesUrl: string,
) {
  return withConsole(
    createApiHandler(api, {
      bearerToken: config.apiToken,
      roleTokens: config.apiRoleTokens,
    }),
    {
      assets: await buildConsole(),
      uploadOrigin: new URL(filesUrl).origin,
      apiToken: config.apiToken,
    },
  );
}

/** The plain CWMP listener, and the HTTPS one when configured; each stopped with the rest. */
async function serveCwmpListeners(
  config: LocalConfig,
  service: Parameters<typeof createCwmpEndpoint>[0],
  logger: Logger,
  stops: (() => Promise<void>)[],
) {
  const cwmp = await serveCwmp(config, createCwmpEndpoint(service), logger);
  stops.push(() => cwmp.close());
  const cwmpTls = await serveCwmpTls(config, service, logger);
  if (cwmpTls) stops.push(() => cwmpTls.close());
  return { cwmp, cwmpTls };
}

/**
 * The HTTPS CWMP listener: the same service, through an endpoint that takes the certificate the
 * handshake verified as the CPE's authentication. Only this listener's sockets can carry one.
 */
function serveCwmpTls(
  config: LocalConfig,
  service: Parameters<typeof createCwmpEndpoint>[0],
  logger: Logger,
): Promise<ServedHandler> | undefined {
  const tls = config.cwmpTls;
  if (tls === undefined) return undefined;
  const endpoint = createCwmpEndpoint(service, { verifiedClientCertificates: true });
  return serveCwmp(config, endpoint, logger, { variable: "ACS_CWMP_TLS_PORT", tls });
}

/** The CWMP endpoint on its port, shedding new sessions beyond ACS_MAX_IN_FLIGHT or ACS_MAX_SESSIONS. */
function serveCwmp(
  config: LocalConfig,
  cwmpEndpoint: ReturnType<typeof createCwmpEndpoint>,
  logger: Logger,
  listener: {
    readonly variable: string;
    readonly tls?: NonNullable<LocalConfig["cwmpTls"]>;
  } = { variable: "ACS_CWMP_PORT" },
): Promise<ServedHandler> {
  const at = listener.tls?.port ?? config.cwmpPort;
  return listenNamed(port(config, listener.variable, at), () =>
    serveHandler({
      host: config.host,
      port: at,
      ...(listener.tls && { tls: listener.tls }),
      handler: cwmpEndpoint.handle,
      logger,
      timeouts: config.requestTimeouts,
      admit: cwmpEndpoint.admit,
      // Under a boot storm, new sessions wait outside; sessions under way carry the cookie.
      shed: {
        maxInFlight: config.maxInFlight,
        maxSessions: config.maxSessions,
        sheddable: (request) => !request.headers.cookie?.includes("acs_sid="),
        // The ACS's empty answer ends the session (TR-069 3.7.1.4), whatever the connection does.
        endsSession: (statusCode) => statusCode === 204,
      },
    }),
  );
}

/**
 * ACS_EVENTS_FILE, or `<ACS_DATA_DIR>/events.jsonl` (local-config.ts), or else a file in a
 * temporary directory removed on stop, like the data it describes: events are there to watch
 * from the first start, with no variable set. Created empty now so `tail -f` can follow it.
 */
async function eventsFileOf(config: LocalConfig, stops: (() => Promise<void>)[]): Promise<string> {
  let file = config.eventsFile;
  if (file === undefined) {
    const dir = await mkdtemp(join(tmpdir(), "acs-events-"));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    file = join(dir, "events.jsonl");
  }
  // A file that cannot be created is left to the sink, which warns at each write.
  await writeFile(file, "", { flag: "a" }).catch(() => undefined);
  return file;
}

/** The in-process sender and its STUN server, their stops pushed onto `stops`. */
async function startSender(
  settings: SenderSettings,
  stand: { sqs: LocalSqs; dynamo: LocalDynamo; logger: Logger; events: EventSink },
  stops: (() => Promise<void>)[],
) {
  const { sqs, dynamo, logger, events } = stand;
  const sender = buildSenderRuntime({
    settings,
    sqs: sqs.client,
    dynamo: dynamo.client,
    logger,
    events,
    metricsWrite: () => undefined,
    // One machine, one table: a campaign created through the API starts within a second.
    campaignIdleMs: 1_000,
  });
  await sender.service.start();
  stops.push(async () => {
    await sender.service.stop(5_000);
  });
  const stunPort = await sender.stun?.start();
  stops.push(async () => {
    await sender.stun?.stop();
  });
  return { sender, stunPort };
}

/** The in-process sender's settings: its variables, on the local queue and table. */
function localSenderSettings(config: LocalConfig, sqs: LocalSqs): SenderSettings {
  return readSenderSettings({
    ...config.senderEnv,
    ACS_QUEUE_URL: sqs.queueUrl,
    ACS_DLQ_URL: sqs.dlqUrl,
    ACS_TABLE_NAME: config.cwmp.tableName,
    ...(config.cwmp.provisioning.secretsKey && {
      ACS_SECRETS_KEY: Buffer.from(config.cwmp.provisioning.secretsKey).toString("base64"),
    }),
    // local-aws-sqs waits the whole poll when asked for more than one message.
    ACS_CR_RECEIVE_BATCH: "1",
    ACS_CR_POLL_WAIT_SECONDS: "1",
  });
}

/** A listener's address and the variable that moves it, for PortInUseError. */
function port(config: LocalConfig, variable: string, port: number) {
  return { variable, host: config.host, port };
}

/** The provisioning API on the local stores, configured as the CWMP endpoint is. */
function localApi(
  config: LocalConfig,
  stand: {
    readonly dynamo: LocalDynamo;
    readonly sqs: LocalSqs;
    readonly events: EventSink;
    readonly logger: Logger;
    readonly files: LocalFiles;
    readonly bulkData: BulkDataStore;
    readonly clock?: Clock;
  },
) {
  const { cwmp } = config;
  return createApi({
    taskDefaults: cwmp.taskDefaults,
    secretParameters: cwmp.secretParameters,
    ...(cwmp.provisioning.sealingKeys && { sealingKeys: cwmp.provisioning.sealingKeys }),
    tableName: cwmp.tableName,
    cpeAuthRealm: cwmp.cpeAuthRealm,
    timeoutSeconds: config.apiTimeoutSeconds,
    fleetSummaryMaxAgeSeconds: config.fleetSummaryMaxAgeSeconds,
    diagnosticTimeoutMs: config.diagnosticTimeoutMs,
    ...(cwmp.cpeUsername !== undefined && { cpeSharedUsername: cwmp.cpeUsername }),
    dynamo: stand.dynamo.client,
    connectionRequests: createSqsConnectionRequestQueue({
      client: stand.sqs.client,
      queueUrl: stand.sqs.queueUrl,
    }),
    events: stand.events,
    logger: stand.logger,
    fileContent: stand.files.content,
    bulkData: stand.bulkData,
    ...(stand.clock && { clock: stand.clock }),
  });
}

function serve(
  config: LocalConfig,
  port: number,
  handler: Parameters<typeof serveHandler>[0]["handler"],
  logger: Logger,
): Promise<ServedHandler> {
  return listenNamed({ variable: "ACS_API_PORT", host: config.host, port }, () =>
    serveHandler({ host: config.host, port, handler, logger, timeouts: config.requestTimeouts }),
  );
}

/** dynalite with the ACS table; a data directory an older version made is named, not a crash. */
async function startLocalDynamo(config: LocalConfig) {
  try {
    return await startDynalite({
      tableName: config.cwmp.tableName,
      ...(config.dataDir && { path: config.dataDir }),
    });
  } catch (error) {
    if (error instanceof TableIndexMissingError && config.dataDir)
      throw new DataDirOutdatedError(config.dataDir, error.missing, { cause: error });
    throw error;
  }
}
