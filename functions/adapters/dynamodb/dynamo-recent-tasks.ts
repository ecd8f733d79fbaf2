import type { TaskRecord } from "../../core/model/task.ts";
import type { RecentTaskPage, RecentTaskQuery } from "../../ports.ts";
import { expressionBuilder } from "./expression-builder.ts";
import {
  createdAtOfOrderKey,
  deviceTasksPartition,
  previousUtcDay,
  recentTasksPartition,
  taskOrderKey,
  taskOrderKeyCeiling,
  taskShardCount,
  utcDayOf,
} from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";
import { decodeTaskCursor, encodeTaskCursor, taskCursorAfter } from "./task-list-cursor.ts";

/** An index row: the task's key and its order key. */
interface Row {
  readonly pk: string;
  readonly sk: string;
  readonly order: string;
}

/** Order-key bounds of one listing: `low` inclusive (since), `high` exclusive (the cursor). */
interface Bounds {
  readonly low: string;
  readonly high: string;
}

interface RowQuery {
  readonly index: "gsi1" | "gsi2";
  readonly partition: string;
  readonly bounds: Bounds;
  /** Filtered in the query on gsi2, which projects it; gsi1 does not. */
  readonly status?: string | undefined;
  readonly wanted: number;
}

/** At most `wanted` rows of one index partition inside the bounds, newest first. */
async function queryRows(table: TableClient, request: RowQuery): Promise<Row[]> {
  const { index, partition, bounds, status, wanted } = request;
  const pkName = `${index}pk`;
  const skName = `${index}sk`;
  const rows: Row[] = [];
  let startKey: Item | undefined;
  do {
    // BETWEEN is inclusive: the cursor's own row is dropped below, so ask for one more.
    const query = expressionBuilder().keyCondition(
      (e) =>
        `${e.name(pkName)} = ${e.value(partition)} AND ${e.name(skName)} BETWEEN ${e.value(bounds.low)} AND ${e.value(bounds.high)}`,
    );
    if (status !== undefined && index === "gsi2")
      query.filter((e) => `${e.name("status")} = ${e.value(status)}`);
    const page = await table.queryPage(
      {
        index,
        expression: query,
        limit: wanted + 1,
        descending: true,
        ...(startKey && { startKey }),
      },
      "listRecentTasks",
    );
    for (const item of page.items) {
      const order = String(item[skName]);
      if (order < bounds.high) rows.push({ pk: String(item.pk), sk: String(item.sk), order });
    }
    startKey = page.lastKey;
  } while (startKey && rows.length < wanted);
  return rows.slice(0, wanted);
}

/**
 * Recent tasks, newest first. Fleet-wide: gsi2, walking UTC days back from `now` (or the
 * cursor's day) to `since`; in each day the 4 shards are queried newest first for at most the
 * rows still needed (filtered on the projected status) and merged by order key, so the merge
 * of each shard's newest is the day's newest. One device: gsi1 `DEVTASKS#<id>`, newest first.
 * Rows are then read whole by key (BatchGetItem) and checked again: the index lags the item.
 */
export function createRecentTaskListing(options: {
  readonly table: TableClient;
  readonly parse: (item: Item) => TaskRecord;
}) {
  const { table, parse } = options;

  async function fleetRows(query: RecentTaskQuery, bounds: Bounds): Promise<Row[]> {
    const rows: Row[] = [];
    const lastDay = utcDayOf(query.since);
    let day = utcDayOf(
      bounds.high === taskOrderKeyCeiling ? query.now : createdAtOfOrderKey(bounds.high),
    );
    while (day >= lastDay && rows.length < query.limit) {
      const wanted = query.limit - rows.length;
      const shards = await Promise.all(
        Array.from({ length: taskShardCount }, (_, shard) =>
          queryRows(table, {
            index: "gsi2",
            partition: recentTasksPartition(day, shard),
            bounds,
            status: query.status,
            wanted,
          }),
        ),
      );
      rows.push(...newestFirst(shards.flat()).slice(0, wanted));
      day = previousUtcDay(day);
    }
    return rows;
  }

  /** One device: the status is not projected on gsi1, so it is checked on the items, page by page. */
  async function deviceTasks(
    query: RecentTaskQuery,
    deviceId: string,
    bounds: Bounds,
  ): Promise<RecentTaskPage> {
    const partition = deviceTasksPartition(deviceId);
    const found: TaskRecord[] = [];
    let high = bounds.high;
    for (;;) {
      const rows = await queryRows(table, {
        index: "gsi1",
        partition,
        bounds: { ...bounds, high },
        wanted: query.limit,
      });
      found.push(...(await readTasks(rows)).filter((task) => matches(task, query)));
      const last = rows.at(-1);
      if (!last || rows.length < query.limit) return { tasks: found };
      if (found.length >= query.limit) return pageOf(found.slice(0, query.limit));
      high = last.order;
    }
  }

  async function fleetTasks(query: RecentTaskQuery, bounds: Bounds): Promise<RecentTaskPage> {
    const rows = await fleetRows(query, bounds);
    const tasks = (await readTasks(rows)).filter((task) => matches(task, query));
    const last = rows.at(-1);
    // The cursor follows the last row read, not the last task kept: a row whose item no
    // longer matches (the index lags) must not end the listing early.
    return {
      tasks,
      ...(rows.length >= query.limit && last && { cursor: encodeTaskCursor(last.order) }),
    };
  }

  async function readTasks(rows: readonly Row[]): Promise<TaskRecord[]> {
    const items = await table.batchGet(
      rows.map(({ pk, sk }) => ({ pk, sk })),
      "listRecentTasks",
    );
    const byKey = new Map(items.map((item) => [String(item.pk), parse(item)]));
    return rows.flatMap((row) => byKey.get(row.pk) ?? []);
  }

  return async function listRecentTasks(query: RecentTaskQuery): Promise<RecentTaskPage> {
    const bounds: Bounds = {
      low: taskOrderKey(query.since, ""),
      high: query.cursor === undefined ? taskOrderKeyCeiling : decodeTaskCursor(query.cursor),
    };
    return query.deviceId === undefined
      ? fleetTasks(query, bounds)
      : deviceTasks(query, query.deviceId, bounds);
  };
}

/** A full page: more may follow after its last task. */
function pageOf(tasks: readonly TaskRecord[]): RecentTaskPage {
  const last = tasks.at(-1);
  return { tasks, ...(last && { cursor: taskCursorAfter(last) }) };
}

function newestFirst(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
}

function matches(task: TaskRecord, query: RecentTaskQuery): boolean {
  return (
    (query.status === undefined || task.status === query.status) &&
    (query.deviceId === undefined || task.deviceId === query.deviceId)
  );
}
