import { type CampaignStatus, campaignStatusesThatSend } from "../model/campaign.ts";
import type { TaskRecord } from "../model/task.ts";

/** What the session does with a pending campaign task before sending it. */
export type CampaignGate =
  | { readonly kind: "send" }
  /** Paused: not sent, no attempt counted, left pending; the device's later tasks still run. */
  | { readonly kind: "hold" }
  /** The campaign will never send it again (halted, cancelled or gone). */
  | { readonly kind: "cancel"; readonly task: TaskRecord };

/** The gate for a campaign task, given its campaign's status (undefined: the campaign is gone). */
export function campaignGate(
  task: TaskRecord,
  status: CampaignStatus | undefined,
  now: number,
): CampaignGate {
  if (status !== undefined && campaignStatusesThatSend.has(status)) return { kind: "send" };
  if (status === "paused") return { kind: "hold" };
  return {
    kind: "cancel",
    task: { ...task, status: "cancelled", reason: `campaign ${status ?? "gone"}`, updatedAt: now },
  };
}
