import * as z from "zod/mini";
import {
  type CampaignProgressStore,
  type CampaignStageProgress,
  type HeldTask,
  maxFailedDevicesPerStage,
  maxHeldTasks,
} from "../../campaign-ports.ts";
import type { CampaignStatus } from "../../core/model/campaign.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { parseItem } from "./parse-item.ts";
import { createTableClient } from "./table-client.ts";

/**
 * Per-stage outcome counters: pk=`CAMPAIGN#<id>`, sk=`PROGRESS#<stage, 5 digits>`, beside the
 * campaign item (sk `CAMPAIGN`) but never in it: the runner saves that one whole under
 * optimistic concurrency, and thousands of sessions adding to it would make its saves fail.
 * Counters are added with ADD (atomic, no read); `failedDevices` grows only while it is short,
 * a condition on `size()` (one item, no transaction). Tasks held while the campaign is paused
 * are appended the same way to one item, sk=`HELD`, which the runner's resume deletes and reads
 * in one request (DeleteItem, ReturnValues ALL_OLD): a note appended meanwhile lands either in
 * what it read or in a new item, never lost between a read and a delete.
 */
const campaignPartition = (campaignId: string) => `CAMPAIGN#${campaignId}`;
const progressPrefix = "PROGRESS#";
const progressKey = (campaignId: string, stage: number) => ({
  pk: campaignPartition(campaignId),
  sk: `${progressPrefix}${String(stage).padStart(5, "0")}`,
});

const heldKey = (campaignId: string) => ({ pk: campaignPartition(campaignId), sk: "HELD" });

const heldItem = z.object({
  held: z._default(z.array(z.object({ taskId: z.string(), deviceId: z.string() })), []),
});

/** Each task once (first noted first): a task held in several exchanges is noted each time. */
function uniqueByTask(held: readonly HeldTask[]): HeldTask[] {
  const seen = new Set<string>();
  return held.filter((entry) => !seen.has(entry.taskId) && seen.add(entry.taskId));
}

const progressItem = z.object({
  stage: z.int().check(z.nonnegative()),
  succeeded: z._default(z.int(), 0),
  failed: z._default(z.int(), 0),
  skipped: z._default(z.int(), 0),
  failedDevices: z._default(z.array(z.string()), []),
});

/** Every status, so a status this code does not know is an invalid item, not a guess. */
const knownStatuses: Record<CampaignStatus, true> = {
  running: true,
  paused: true,
  halted: true,
  cancelled: true,
  completed: true,
};

const statusItem = z.object({
  status: z.custom<CampaignStatus>(
    (value) => typeof value === "string" && Object.hasOwn(knownStatuses, value),
    "a campaign status",
  ),
});

export function createDynamoCampaignProgressStore(
  options: DynamoStoreOptions,
): CampaignProgressStore {
  const table = createTableClient(options);

  /** One UpdateItem: the counter, and the device kept while the stage's list is short. */
  async function addFailure(campaignId: string, stage: number, deviceId: string) {
    const kept = expressionBuilder()
      .set("stage", stage)
      .add("failed", 1)
      .appendToList("failedDevices", [deviceId])
      .condition(
        (e) =>
          `attribute_not_exists(${e.name("failedDevices")}) OR size(${e.name("failedDevices")}) < ${e.value(maxFailedDevicesPerStage)}`,
      );
    const first = await table.update(
      { key: progressKey(campaignId, stage), expression: kept },
      "recordCampaignOutcome",
    );
    if (first.written) return;
    // The list is full: count the failure only (a second request, from the 51st failure on).
    const counted = expressionBuilder().set("stage", stage).add("failed", 1);
    await table.update(
      { key: progressKey(campaignId, stage), expression: counted },
      "recordCampaignOutcome",
    );
  }

  return {
    recordOutcome: async ({ campaignId, stage, outcome, deviceId }) => {
      if (outcome === "failed") return addFailure(campaignId, stage, deviceId);
      const expression = expressionBuilder().set("stage", stage).add(outcome, 1);
      await table.update(
        { key: progressKey(campaignId, stage), expression },
        "recordCampaignOutcome",
      );
    },

    readProgress: async (campaignId) => {
      const expression = expressionBuilder().keyCondition(
        (e) =>
          `${e.name("pk")} = ${e.value(campaignPartition(campaignId))} AND begins_with(${e.name("sk")}, ${e.value(progressPrefix)})`,
      );
      // Every page (table.query): a sort key per stage, so stage order.
      const items = await table.query({ expression }, "readCampaignProgress");
      return items.map((found): CampaignStageProgress => parseItem(progressItem, found));
    },

    getCampaignStatus: async (campaignId) => {
      const found = await table.get(
        { pk: campaignPartition(campaignId), sk: "CAMPAIGN" },
        "getCampaignStatus",
        { projection: expressionBuilder().project("status") },
      );
      return found ? parseItem(statusItem, found).status : undefined;
    },

    recordHeld: async ({ campaignId, taskId, deviceId }) => {
      const expression = expressionBuilder()
        .appendToList("held", [{ taskId, deviceId }])
        .condition(
          (e) =>
            `attribute_not_exists(${e.name("held")}) OR size(${e.name("held")}) < ${e.value(maxHeldTasks)}`,
        );
      const result = await table.update(
        { key: heldKey(campaignId), expression },
        "recordHeldCampaignTask",
      );
      return result.written;
    },

    takeHeld: async (campaignId) => {
      const result = await table.delete(
        { key: heldKey(campaignId), returnOld: true },
        "takeHeldCampaignTasks",
      );
      if (!result.written || !result.old) return [];
      return uniqueByTask(parseItem(heldItem, result.old).held);
    },
  };
}
