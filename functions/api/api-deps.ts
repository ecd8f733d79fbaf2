import type {
  CampaignStore,
  Clock,
  ConnectionRequestQueue,
  CpeCredentialAdmin,
  DeviceStore,
  EventSink,
  IdSource,
  Logger,
  ParameterStore,
  ProfileStore,
  TaskStore,
} from "../ports.ts";

/** Everything the provisioning API needs, passed in once. */
export interface ApiDeps {
  readonly devices: DeviceStore;
  readonly parameters: ParameterStore;
  readonly tasks: TaskStore;
  readonly campaigns: CampaignStore;
  readonly profiles: ProfileStore;
  readonly cpeCredentials: CpeCredentialAdmin;
  /** The digest realm CPEs authenticate in (ACS_CPE_AUTH_REALM); HA1 depends on it. */
  readonly cpeAuthRealm: string;
  readonly connectionRequests: ConnectionRequestQueue;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  /** Waits for a later check (injected so tests need not sleep for real). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly limits: ApiLimits;
}

export interface ApiLimits {
  /** Upper bound of `wait=N` (seconds); API Gateway cuts requests at 30 s. @default 25 */
  readonly maxWaitSeconds: number;
  /** How often a waiting request looks again. @default 250 */
  readonly pollIntervalMs: number;
  /** A task not finished by then is dropped. @default 7 days */
  readonly taskLifetimeMs: number;
  /** RPC attempts for a task that faults retryably. @default 3 */
  readonly taskMaxAttempts: number;
  /** How long an Idempotency-Key is remembered. @default 24 h */
  readonly idempotencyMs: number;
}

export const defaultApiLimits: ApiLimits = {
  maxWaitSeconds: 25,
  pollIntervalMs: 250,
  taskLifetimeMs: 7 * 24 * 3_600_000,
  taskMaxAttempts: 3,
  idempotencyMs: 24 * 3_600_000,
};
