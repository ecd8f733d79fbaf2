import type { TaskDefaults } from "../core/model/new-task.ts";
import type {
  CampaignStore,
  Clock,
  ConnectionRequestQueue,
  DeviceStore,
  IdSource,
  Logger,
  TaskStore,
} from "../ports.ts";

/** What the campaign runner needs, passed in once. */
export interface CampaignDeps {
  readonly campaigns: CampaignStore;
  readonly devices: DeviceStore;
  readonly tasks: TaskStore;
  readonly connectionRequests: ConnectionRequestQueue;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  /** This runner's identity for the campaign lease (unique per process). */
  readonly runnerId: string;
  readonly settings: CampaignSettings;
  /** Lifetime and attempts of the tasks it queues (config/task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
}

export interface CampaignSettings {
  /** Devices listed (and tasks queued) per step. @default 100 */
  readonly pageSize: number;
  /** A runner holds a campaign this long per step. @default 30 s */
  readonly leaseMs: number;
  /** A woken task still open after this leaves the window (stays counted as pending). @default 15 min */
  readonly watchTimeoutMs: number;
}

export const defaultCampaignSettings: CampaignSettings = {
  pageSize: 100,
  leaseMs: 30_000,
  watchTimeoutMs: 15 * 60_000,
};
