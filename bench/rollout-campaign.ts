import type { UploadedFirmware } from "./upload-firmware.ts";

/**
 * The two places where the rollout benchmark depends on the campaign API's shape: the body of
 * POST /campaigns and how a campaign view says it ended (campaign API v2: a Download by fileId,
 * verified by the SoftwareVersion the device reports after its reboot; stages; progress).
 */
export interface RolloutCampaignOptions {
  readonly firmware: UploadedFirmware;
  /** Device-listing filter selecting exactly the benchmark's devices. */
  readonly serialPrefix: string;
  readonly connectionRequestsPerSecond: number;
  readonly maxInSession: number;
}

/**
 * POST /campaigns body: a Download of the firmware by fileId for every matching device (the ACS
 * fills URL, FileSize, TargetFileName and FileType; the task ends `verified` once the device
 * reports the file's version), in a canary of 5 then waves of 25% with no soak time, halting if
 * more than 10% of a stage fails.
 */
export function rolloutCampaignBody(options: RolloutCampaignOptions): object {
  return {
    filter: { serialPrefix: options.serialPrefix },
    task: { name: "download", fileId: options.firmware.id },
    rate: {
      connectionRequestsPerSecond: options.connectionRequestsPerSecond,
      maxInSession: options.maxInSession,
    },
    stages: { canary: 5, waves: { percent: 25 }, soakSeconds: 0 },
    haltWhen: { stage: { failedPercent: 10, minFinished: 5 } },
  };
}

/** What a campaign view says about the rollout so far. */
export interface RolloutOutcome {
  readonly status: string;
  /** The campaign will change no more: completed (or, in v2, halted or cancelled). */
  readonly ended: boolean;
  /** Devices upgraded: v1 counts.done; v2 progress.succeeded (done or verified). */
  readonly succeeded: number;
  /** v1 faulted + unreachable + other; v2 failed + skipped. */
  readonly notUpgraded: number;
  /** Tasks queued (v1) or devices matched (v2) so far. */
  readonly matched: number;
}

const finalStatuses = new Set(["completed", "halted", "cancelled"]);

/** Reads GET /campaigns/{id}, v1 (`counts`) or v2 (`progress`). */
export function rolloutOutcome(view: unknown): RolloutOutcome {
  const campaign = view as {
    status: string;
    counts?: Record<string, number>;
    progress?: Record<string, number | null>;
  };
  const n = (value: number | null | undefined) => value ?? 0;
  const status = campaign.status;
  const ended = finalStatuses.has(status);
  if (campaign.progress !== undefined) {
    const p = campaign.progress;
    return {
      status,
      ended,
      succeeded: n(p.succeeded),
      notUpgraded: n(p.failed) + n(p.skipped),
      matched: n(p.matched),
    };
  }
  const c = campaign.counts ?? {};
  return {
    status,
    ended,
    succeeded: n(c.done),
    notUpgraded: n(c.faulted) + n(c.unreachable) + n(c.other),
    matched: n(c.queued),
  };
}
