import { layeredCredentialStore } from "../adapters/credentials/layered-credential-store.ts";
import { createStaticCredentialStore } from "../adapters/credentials/static-credential-store.ts";
import { createAesGcmSealer } from "../adapters/crypto/aes-gcm-sealer.ts";
import type { DynamoCaller } from "../adapters/dynamodb/dynamo-caller.ts";
import { createDynamoCampaignProgressStore } from "../adapters/dynamodb/dynamo-campaign-progress-store.ts";
import { createDynamoCpeCredentialStore } from "../adapters/dynamodb/dynamo-cpe-credential-store.ts";
import {
  createDynamoDeviceStore,
  type DynamoStoreOptions,
} from "../adapters/dynamodb/dynamo-device-store.ts";
import { createDynamoDiagnosticStore } from "../adapters/dynamodb/dynamo-diagnostic-store.ts";
import { createDynamoFileStore } from "../adapters/dynamodb/dynamo-file-store.ts";
import { createDynamoParameterStore } from "../adapters/dynamodb/dynamo-parameter-store.ts";
import { createDynamoProfileStore } from "../adapters/dynamodb/dynamo-profile-store.ts";
import { createDynamoTaskStore } from "../adapters/dynamodb/dynamo-task-store.ts";
import { noEvents } from "../adapters/events/local-event-sink.ts";
import { createRandomIdSource } from "../adapters/random-id-source.ts";
import type { CwmpConfig } from "../config/cwmp-config.ts";
import type { ProvisioningConfig } from "../config/provisioning-config.ts";
import { createCpeAuthenticator } from "../core/auth/cpe-authenticator.ts";
import { createCwmpCodec } from "../core/cwmp/cwmp-codec.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import type { SecretParameterPolicy } from "../core/model/secret-parameters.ts";
import { createSendHintSigner } from "../core/session/send-hint.ts";
import type { Clock, ConnectionRequestQueue, EventSink, Logger } from "../ports.ts";
import {
  type CwmpSessionService,
  createCwmpSessionService,
} from "../services/cwmp-session-service.ts";
import { maskedParameterStore } from "../services/masked-parameter-store.ts";
import { createProfileCatalog } from "../services/provisioning/profile-catalog.ts";
import type { ProvisioningDeps } from "../services/provisioning/provisioning-deps.ts";
import { createSessionKnowledgeCache } from "../services/provisioning/session-knowledge.ts";
import { withSecureAttribute } from "../services/session-cookie.ts";
import type { SessionFiles } from "../services/session-deps.ts";

/** The composition root of the CWMP endpoint, shared by Lambda and the local ACS. */
export function createCwmpService(options: {
  readonly config: CwmpConfig;
  readonly dynamo: DynamoCaller;
  readonly logger: Logger;
  readonly events?: EventSink;
  readonly clock?: Clock;
  /** The sender's queue, for XMPP account creation requests. */
  readonly accountQueue?: ConnectionRequestQueue;
  /** The file store's bytes (S3 or the local file server); without it file transfers fault. */
  readonly files?: Omit<SessionFiles, "store">;
}): CwmpSessionService {
  const { config, dynamo: client, logger } = options;
  const store = { client, tableName: config.tableName };
  const sealer =
    config.provisioning.sealingKeys && createAesGcmSealer(config.provisioning.sealingKeys);
  const service = createCwmpSessionService({
    codec: createCwmpCodec({ xmlDeclaration: config.xmlDeclaration }),
    devices: createDynamoDeviceStore(store),
    parameters: maskedParameterStore(createDynamoParameterStore(store), config.secretParameters),
    tasks: createDynamoTaskStore(store),
    campaignProgress: createDynamoCampaignProgressStore(store),
    taskSecrets: { policy: config.secretParameters, ...(sealer && { sealer }) },
    // Per-device credentials (API-provisioned, HA1 only) first, then the shared pair.
    credentials: layeredCredentialStore([
      createDynamoCpeCredentialStore(store),
      ...(config.cpeUsername !== undefined && config.cpePassword !== undefined
        ? [
            createStaticCredentialStore({
              username: config.cpeUsername,
              password: config.cpePassword,
            }),
          ]
        : []),
    ]),
    authenticator: createCpeAuthenticator({
      mode: config.cpeAuth,
      realm: config.cpeAuthRealm,
      nonceSecret: config.nonceSecret,
      nonceLifetimeMs: config.cpeNonceLifetimeMs,
      algorithms: config.cpeDigestAlgorithms,
      acceptWithoutQop: config.cpeDigestWithoutQop,
    }),
    clock: options.clock ?? { now: () => Date.now() },
    ids: createRandomIdSource(),
    logger,
    events: options.events ?? noEvents,
    sessionIdleTimeoutMs: config.sessionIdleTimeoutMs,
    maxExchanges: config.maxExchanges,
    // The nonce secret every instance shares (digest; basic and none may leave it empty).
    ...(config.nonceSecret !== "" && { sendHints: createSendHintSigner(config.nonceSecret) }),
    diagnostics: {
      store: createDynamoDiagnosticStore(store),
      taskDefaults: config.taskDefaults,
    },
    ...(options.files && { files: { ...options.files, store: createDynamoFileStore(store) } }),
    provisioning: provisioningDeps(config.provisioning, {
      store,
      clock: options.clock ?? { now: () => Date.now() },
      logger,
      taskDefaults: config.taskDefaults,
      secretPolicy: config.secretParameters,
      ...(options.accountQueue && { accountQueue: options.accountQueue }),
    }),
  });
  return config.secureCookie ? withSecureCookies(service) : service;
}

/** Every Set-Cookie the service answers with carries `Secure` (the ACS is served over HTTPS). */
function withSecureCookies(service: CwmpSessionService): CwmpSessionService {
  return {
    admit: (head) => service.admit(head),
    handle: async (request, admission) => {
      const response = await service.handle(request, admission);
      if (!response.cookies) return response;
      return { ...response, cookies: response.cookies.map(withSecureAttribute) };
    },
  };
}

/**
 * Provisioning sessions whose profile knowledge an instance keeps between exchanges: a few
 * KB each (the subtrees profiles touch); past this many the oldest are read again.
 */
const knowledgeCacheSessions = 2_000;

/** Profiles from the table (cached per instance) and the built-in ones (CR credentials, XMPP, STUN) when configured. */
function provisioningDeps(
  config: ProvisioningConfig,
  context: {
    readonly store: DynamoStoreOptions;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly taskDefaults: TaskDefaults;
    readonly secretPolicy: SecretParameterPolicy;
    readonly accountQueue?: ConnectionRequestQueue;
  },
): ProvisioningDeps {
  const xmpp = config.xmpp;
  const queue = context.accountQueue;
  const sealer = config.sealingKeys && createAesGcmSealer(config.sealingKeys);
  if (xmpp?.createAccounts && queue === undefined) {
    context.logger.warn("no sender queue: XMPP accounts are not created (set ACS_QUEUE_URL)");
  }
  return {
    catalog: createProfileCatalog({
      store: createDynamoProfileStore(context.store),
      clock: context.clock,
      ttlMs: config.profileCacheMs,
      ...(sealer && { sealer }),
      secretPolicy: context.secretPolicy,
      logger: context.logger,
    }),
    ...(config.crCredentials === "per-device" && sealer && { crCredentials: { sealer } }),
    ...(config.stun && sealer && { stun: { settings: config.stun, sealer } }),
    ...bulkDataDeps(config, context.logger),
    ...(xmpp &&
      sealer && {
        xmpp: {
          settings: xmpp.settings,
          sealer,
          createAccounts: xmpp.createAccounts && queue !== undefined,
          ...(xmpp.accountKey !== undefined && { accountKey: xmpp.accountKey }),
          queue: queue ?? { send: async () => undefined },
        },
      }),
    timing: config.timing,
    knowledge: createSessionKnowledgeCache({ maxSessions: knowledgeCacheSessions }),
    maxRpcsPerSession: config.maxRpcsPerSession,
    taskDefaults: context.taskDefaults,
  };
}

/** The built-in bulk data profile once it has a collector URL and key (the local ACS fills both in). */
function bulkDataDeps(
  config: ProvisioningConfig,
  logger: Logger,
): Pick<ProvisioningDeps, "bulkData"> {
  const bulk = config.bulkData;
  if (bulk === undefined) return {};
  const { url, ...settings } = bulk.settings;
  if (url === undefined || bulk.key === undefined) {
    logger.warn("bulk data profile off: set ACS_BULK_DATA_URL and ACS_BULK_DATA_KEY");
    return {};
  }
  return { bulkData: { settings: { ...settings, url }, key: bulk.key } };
}
