import type { ApiDeps } from "../api-deps.ts";
import { json } from "../api-http.ts";
import { parseQuery } from "../parse-input.ts";
import { taskListQuerySchema } from "../query-schemas.ts";
import type { Route } from "../router.ts";
import { taskView } from "../views.ts";

const dayMs = 24 * 60 * 60 * 1000;
/** What GET /tasks lists without `since`. */
const defaultWindowMs = 7 * dayMs;

/**
 * GET /tasks: recent tasks, newest first, masked as every task view. The listing walks UTC days
 * back to `since`, so `since` is bounded: no earlier than the task lifetime (or 7 days, if
 * longer), past which every task has ended anyway.
 */
export function recentTasksRoute(deps: ApiDeps): Route {
  return {
    method: "GET",
    pattern: "/tasks",
    handle: async (request) => {
      const query = parseQuery(taskListQuerySchema, request);
      const now = deps.clock.now();
      const earliest = now - Math.max(deps.taskDefaults.lifetimeMs, defaultWindowMs);
      const page = await deps.tasks.listRecentTasks({
        now,
        since: Math.max(query.since ?? now - defaultWindowMs, earliest),
        limit: query.limit,
        ...(query.status !== undefined && { status: query.status }),
        ...(query.deviceId !== undefined && { deviceId: query.deviceId }),
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      return json(200, {
        tasks: page.tasks.map((task) => taskView(task, deps.taskSecrets.policy)),
        ...(page.cursor !== undefined && { cursor: page.cursor }),
      });
    },
  };
}
