import * as z from "zod/mini";
import {
  createFleetTally,
  type FleetSummary,
  type FleetSummaryRow,
  type FleetTally,
} from "../../core/fleet/fleet-summary.ts";
import type { FleetSummaryRequest } from "../../ports.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceShardCount, fleetShardPartition, fleetSummaryKey } from "./item-layout.ts";
import { parseItem } from "./parse-item.ts";
import type { Item, TableClient } from "./table-client.ts";

/**
 * The fleet summary over gsi2: the 16 `FLEET#<shard>` partitions Queried in parallel, page
 * by page (1 MB each), with only the projected attributes the summary needs; never a Scan,
 * never a device item. Cost for 1M devices: each index entry is about 200 bytes (keys and the
 * five summary attributes), so ~200 MB in ~200 pages, read eventually consistent at 0.5 RRU
 * per 4 KB: ~25,000 read units (~$0.003 on demand) per summary, and 16 parallel chains of
 * ~13 pages each. The API keeps the result as one item
 * (`FLEET/SUMMARY`) for ACS_FLEET_SUMMARY_MAX_AGE_SECONDS, so a polling console costs one
 * GetItem per request in between.
 */
export function createDynamoFleetSummary(table: TableClient) {
  async function countShard(shard: number, tally: FleetTally, request: FleetSummaryRequest) {
    let startKey: Item | undefined;
    do {
      if (tally.devices >= request.maxDevices || request.clock.now() >= request.deadline) {
        return false;
      }
      const expression = expressionBuilder()
        .keyCondition((e) => `${e.name("gsi2pk")} = ${e.value(fleetShardPartition(shard))}`)
        .project(...summaryAttributes);
      const page = await table.queryPage(
        { index: "gsi2", expression, ...(startKey && { startKey }) },
        "summarizeFleet",
      );
      tally.add(page.items.map(rowOf));
      startKey = page.lastKey;
    } while (startKey !== undefined);
    return true;
  }

  return {
    async summarizeFleet(request: FleetSummaryRequest): Promise<FleetSummary> {
      const tally = createFleetTally(request.now);
      const shards = Array.from({ length: deviceShardCount }, (_, shard) => shard);
      const done = await Promise.all(shards.map((shard) => countShard(shard, tally, request)));
      return tally.summary(done.every(Boolean));
    },

    async loadFleetSummary(): Promise<FleetSummary | undefined> {
      const item = await table.get(fleetSummaryKey, "loadFleetSummary", { consistent: false });
      return item && parseItem(snapshotItem, item).summary;
    },

    async saveFleetSummary(summary: FleetSummary): Promise<void> {
      await table.put({ item: { ...fleetSummaryKey, summary } }, "saveFleetSummary");
    },
  };
}

const summaryAttributes = [
  "productClass",
  "softwareVersion",
  "connReqJabberId",
  "connectionRequestUrl",
  "lastSeenHour",
] as const;

/** An index entry as a row (only devices have gsi2 `FLEET#` keys: the open-session write sets them). */
function rowOf(item: Item): FleetSummaryRow {
  const text = (name: (typeof summaryAttributes)[number]) => {
    const value = item[name];
    return typeof value === "string" ? { [name]: value } : {};
  };
  return {
    productClass: typeof item.productClass === "string" ? item.productClass : "",
    ...text("softwareVersion"),
    ...text("connReqJabberId"),
    ...text("connectionRequestUrl"),
    ...text("lastSeenHour"),
  };
}

const valueCounts = z.array(z.object({ value: z.string(), count: z.number() }));
const snapshotItem = z.object({
  summary: z.object({
    generatedAt: z.number(),
    complete: z.boolean(),
    devices: z.number(),
    seenLast24h: z.number(),
    byProductClass: valueCounts,
    bySoftwareVersion: valueCounts,
    connectionRequest: z.object({
      xmppReady: z.number(),
      httpOnly: z.number(),
      unreachable: z.number(),
    }),
  }),
});
