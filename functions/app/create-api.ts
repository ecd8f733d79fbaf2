import { createAesGcmSealer, type SealingKeys } from "../adapters/crypto/aes-gcm-sealer.ts";
import type { DynamoCaller } from "../adapters/dynamodb/dynamo-caller.ts";
import { createDynamoCampaignProgressStore } from "../adapters/dynamodb/dynamo-campaign-progress-store.ts";
import { createDynamoCampaignStore } from "../adapters/dynamodb/dynamo-campaign-store.ts";
import { createDynamoCpeCredentialStore } from "../adapters/dynamodb/dynamo-cpe-credential-store.ts";
import { createDynamoDeviceStore } from "../adapters/dynamodb/dynamo-device-store.ts";
import { createDynamoDiagnosticStore } from "../adapters/dynamodb/dynamo-diagnostic-store.ts";
import { createDynamoFileStore } from "../adapters/dynamodb/dynamo-file-store.ts";
import { createDynamoParameterStore } from "../adapters/dynamodb/dynamo-parameter-store.ts";
import { createDynamoProfileStore } from "../adapters/dynamodb/dynamo-profile-store.ts";
import { createDynamoTaskStore } from "../adapters/dynamodb/dynamo-task-store.ts";
import { createRandomIdSource } from "../adapters/random-id-source.ts";
import { apiGatewayTimeoutSeconds, defaultApiLimits, maxWaitWithin } from "../api/api-deps.ts";
import { type ApiService, createApiService } from "../api/create-api-service.ts";
import { defaultFleetSummarySettings } from "../api/fleet-summary-snapshot.ts";
import type { BulkDataStore } from "../bulk-data-ports.ts";
import { createCampaignFileUsage } from "../campaigns/campaign-file-usage.ts";
import { defaultDiagnosticTimeoutMinutes } from "../config/diagnostics-config.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import type { SecretParameterPolicy } from "../core/model/secret-parameters.ts";
import type { Clock, ConnectionRequestQueue, EventSink, FileContent, Logger } from "../ports.ts";

/** The composition root of the provisioning API, shared by Lambda and the local ACS. */
export function createApi(options: {
  readonly tableName: string;
  /** ACS_CPE_AUTH_REALM of the CWMP endpoint. */
  readonly cpeAuthRealm: string;
  /** ACS_CPE_USERNAME of the CWMP endpoint: refused as a per-device username. */
  readonly cpeSharedUsername?: string;
  readonly dynamo: DynamoCaller;
  readonly connectionRequests: ConnectionRequestQueue;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** config/task-defaults.ts */
  readonly taskDefaults: TaskDefaults;
  /**
   * The time a request may take; bounds `wait=N` (`maxWaitWithin`). The Lambda handler passes its
   * function's timeout (config/api-timeout.ts); the local ACS, which no function timeout cuts,
   * is bounded like any deployment by API Gateway's. @default 29
   */
  readonly timeoutSeconds?: number;
  /** ACS_SECRET_PARAMETERS (config/secret-parameters-config.ts). */
  readonly secretParameters: SecretParameterPolicy;
  /** The sealing key ring (config/secrets-key.ts); without it secret parameter values are refused (422). */
  readonly sealingKeys?: SealingKeys;
  /** Where file bytes live (S3, or the local file server's directory); /files answers 503 without. */
  readonly fileContent?: FileContent;
  /** What CPEs upload (S3 prefix `uploads/`); locally the same directory. @default fileContent */
  readonly uploadContent?: FileContent;
  /** ACS_FLEET_SUMMARY_MAX_AGE_SECONDS (config/fleet-summary-config.ts). @default 0 */
  readonly fleetSummaryMaxAgeSeconds?: number;
  /** ACS_DIAGNOSTICS_TIMEOUT_MINUTES (config/diagnostics-config.ts), in ms. @default 10 minutes */
  readonly diagnosticTimeoutMs?: number;
  /** Bulk data reports (S3, or the local collector's directory); /bulk-data answers 503 without. */
  readonly bulkData?: BulkDataStore;
}): ApiService {
  const store = { client: options.dynamo, tableName: options.tableName };
  const sealer = options.sealingKeys && createAesGcmSealer(options.sealingKeys);
  const campaigns = createDynamoCampaignStore(store);
  return createApiService({
    devices: createDynamoDeviceStore(store),
    parameters: createDynamoParameterStore(store),
    tasks: createDynamoTaskStore(store),
    campaigns,
    campaignProgress: createDynamoCampaignProgressStore(store),
    cpeCredentials: createDynamoCpeCredentialStore(store),
    profiles: createDynamoProfileStore(store),
    cpeAuthRealm: options.cpeAuthRealm,
    ...(options.cpeSharedUsername !== undefined && {
      cpeSharedUsername: options.cpeSharedUsername,
    }),
    connectionRequests: options.connectionRequests,
    events: options.events,
    clock: options.clock ?? { now: () => Date.now() },
    ids: createRandomIdSource(),
    logger: options.logger,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    limits: {
      ...defaultApiLimits,
      maxWaitSeconds: maxWaitWithin(options.timeoutSeconds ?? apiGatewayTimeoutSeconds),
    },
    taskDefaults: options.taskDefaults,
    diagnostics: {
      store: createDynamoDiagnosticStore(store),
      taskDefaults: options.taskDefaults,
      timeoutMs: options.diagnosticTimeoutMs ?? defaultDiagnosticTimeoutMinutes * 60_000,
    },
    fleetSummary: {
      ...defaultFleetSummarySettings,
      maxAgeMs: (options.fleetSummaryMaxAgeSeconds ?? 0) * 1000,
      // Counting stops in time to save and answer before the function's timeout.
      budgetMs: maxWaitWithin(options.timeoutSeconds ?? apiGatewayTimeoutSeconds) * 1000,
    },
    taskSecrets: { policy: options.secretParameters, ...(sealer && { sealer }) },
    ...(options.bulkData && { bulkData: options.bulkData }),
    ...(options.fileContent && {
      files: {
        store: createDynamoFileStore(store),
        content: options.fileContent,
        ...(options.uploadContent && { uploads: options.uploadContent }),
        usage: createCampaignFileUsage({ campaigns }),
      },
    }),
  });
}
