import type { BulkDataStore } from "../bulk-data-ports.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import type {
  CampaignProgressStore,
  CampaignStore,
  Clock,
  ConnectionRequestQueue,
  CpeCredentialAdmin,
  DeviceStore,
  EventSink,
  FileContent,
  FileStore,
  FileUsage,
  IdSource,
  Logger,
  ParameterStore,
  ProfileStore,
  TaskStore,
} from "../ports.ts";
import type { DiagnosticsDeps } from "../services/diagnostics/diagnostics-deps.ts";
import type { TaskSecrets } from "../tasks/task-secrets.ts";
import type { FleetSummarySettings } from "./fleet-summary-snapshot.ts";

/** Everything the provisioning API needs, passed in once. */
export interface ApiDeps {
  readonly devices: DeviceStore;
  readonly parameters: ParameterStore;
  readonly tasks: TaskStore;
  readonly campaigns: CampaignStore;
  /** Campaign outcomes per stage (the views' progress; a task the API cancels counts skipped). */
  readonly campaignProgress: CampaignProgressStore;
  readonly profiles: ProfileStore;
  readonly cpeCredentials: CpeCredentialAdmin;
  /** The digest realm CPEs authenticate in (ACS_CPE_AUTH_REALM); HA1 depends on it. */
  readonly cpeAuthRealm: string;
  /** The shared CPE username (ACS_CPE_USERNAME), refused as a per-device username. */
  readonly cpeSharedUsername?: string;
  readonly connectionRequests: ConnectionRequestQueue;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  /** Waits for a later check (injected so tests need not sleep for real). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly limits: ApiLimits;
  /** Lifetime and attempts of the tasks it queues (config/task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
  /** Secret parameters: masked in every view, sealed in tasks, campaigns and profiles. */
  readonly taskSecrets: TaskSecrets;
  /** The file store; without it the /files routes answer 503 (no bucket configured). */
  readonly files?: FileDeps;
  /** GET /fleet/summary's reuse and budget. @default defaultFleetSummarySettings */
  readonly fleetSummary?: FleetSummarySettings;
  /** Bulk data reports (TR-232); without it `GET /devices/{id}/bulk-data/latest` answers 503. */
  readonly bulkData?: BulkDataStore;
  /** Diagnostics (TR-143 tests); without it the diagnostics routes answer 503. */
  readonly diagnostics?: ApiDiagnosticsDeps;
}

export interface ApiDiagnosticsDeps extends DiagnosticsDeps {
  /** A diagnostic not ended this long after it was requested times out (ACS_DIAGNOSTICS_TIMEOUT_MINUTES). */
  readonly timeoutMs: number;
}

/** Files CPEs download: metadata, bytes, and who still uses them. */
export interface FileDeps {
  readonly store: FileStore;
  /** Operators' files (S3 prefix `files/`). */
  readonly content: FileContent;
  /** What CPEs uploaded (`FileRecord.deviceId` set; S3 prefix `uploads/`). @default content */
  readonly uploads?: FileContent;
  readonly usage: FileUsage;
  /** Lifetime of the download URLs the API hands out. @default 3600 */
  readonly downloadUrlSeconds?: number;
}

export interface ApiLimits {
  /** Upper bound of `wait=N` (seconds): `maxWaitWithin` the API function's timeout. @default 7 */
  readonly maxWaitSeconds: number;
  /** How often a waiting request looks again. @default 250 */
  readonly pollIntervalMs: number;
  /** How long an Idempotency-Key is remembered. @default 24 h */
  readonly idempotencyMs: number;
}

/** The API function's timeout when nothing sets it (lib/constructs/provisioning-function.ts). */
export const defaultApiTimeoutSeconds = 10;

/** The longest an API Gateway HTTP API integration may run (30 s), less a second's headroom. */
export const apiGatewayTimeoutSeconds = 29;

/**
 * What a request keeps of its timeout besides the wait: the claim, the task write and the
 * connection request before it (SDK retries included), the last read and the answer after.
 */
export const waitSafetyMarginSeconds = 3;

/**
 * The longest `wait=N` a function with this timeout can hold and still answer (202 with the
 * task when the wait runs out) before it is cut off: a cut-off request is a 5xx.
 */
export function maxWaitWithin(timeoutSeconds: number): number {
  return Math.max(0, timeoutSeconds - waitSafetyMarginSeconds);
}

export const defaultApiLimits: ApiLimits = {
  maxWaitSeconds: maxWaitWithin(defaultApiTimeoutSeconds),
  pollIntervalMs: 250,
  idempotencyMs: 24 * 3_600_000,
};
