import type { TaskDefaults } from "../core/model/new-task.ts";
import type {
  CampaignProgressStore,
  CampaignStore,
  Clock,
  ConnectionRequestQueue,
  DeviceStore,
  EventSink,
  FileStore,
  IdSource,
  Logger,
  TaskStore,
} from "../ports.ts";

/** What the campaign runner needs, passed in once. */
export interface CampaignDeps {
  readonly campaigns: CampaignStore;
  /** Outcomes counted per stage as tasks end (read once per step). */
  readonly progress: CampaignProgressStore;
  readonly devices: DeviceStore;
  readonly tasks: TaskStore;
  /** Metadata of a download's file (who it applies to, its version). */
  readonly files: Pick<FileStore, "getFile">;
  readonly connectionRequests: ConnectionRequestQueue;
  /** CampaignHalted and CampaignCompleted are published here. */
  readonly events: EventSink;
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
  /** Devices listed (counted, or given the task) per listing request. @default 100 */
  readonly pageSize: number;
  /** A runner holds a campaign this long per step. @default 30 s */
  readonly leaseMs: number;
  /** A connection request the sender has not delivered by then is dropped. @default 15 min */
  readonly wakeValidMs: number;
  /**
   * How far behind the rate's schedule a step may catch up (about two runner steps): more lets a
   * step burst after an idle spell, less caps the rate a busy runner achieves. @default 500 ms
   */
  readonly catchUpMs: number;
  /**
   * How often a running campaign takes the tasks waiting to be woken again (a retry after a
   * transient fault): one DeleteItem per check. @default 5 s
   */
  readonly heldCheckMs: number;
}

export const defaultCampaignSettings: CampaignSettings = {
  pageSize: 100,
  leaseMs: 30_000,
  wakeValidMs: 15 * 60_000,
  catchUpMs: 500,
  heldCheckMs: 5_000,
};
