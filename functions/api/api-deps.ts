import type { TaskDefaults } from "../core/model/new-task.ts";
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
import type { TaskSecrets } from "../tasks/task-secrets.ts";

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
  /** Lifetime and attempts of the tasks it queues (config/task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
  /** Secret parameters: masked in every view, sealed in tasks, campaigns and profiles. */
  readonly taskSecrets: TaskSecrets;
}

export interface ApiLimits {
  /** Upper bound of `wait=N` (seconds); API Gateway cuts requests at 30 s. @default 25 */
  readonly maxWaitSeconds: number;
  /** How often a waiting request looks again. @default 250 */
  readonly pollIntervalMs: number;
  /** How long an Idempotency-Key is remembered. @default 24 h */
  readonly idempotencyMs: number;
}

export const defaultApiLimits: ApiLimits = {
  maxWaitSeconds: 25,
  pollIntervalMs: 250,
  idempotencyMs: 24 * 3_600_000,
};
