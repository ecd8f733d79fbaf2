import type { ApiDeps } from "../api-deps.ts";
import { NotFoundError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { deviceIdParam } from "../device-param.ts";
import { parseQuery } from "../parse-input.ts";
import { waitQuerySchema } from "../query-schemas.ts";
import type { Route } from "../router.ts";
import { waitFor } from "../wait-for.ts";
import { queueConnectionRequest } from "./queue-connection-request.ts";

/**
 * POST /devices/{id}/connection-request: wake the device now. With wait=N,
 * answer with the sender's outcome (XMPP or HTTP, or why it failed) and
 * whether the device then opened a session.
 */
export function connectionRequestRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/devices/{id}/connection-request",
      handle: async (request, params) => {
        const id = deviceIdParam(params.id ?? "");
        const { wait } = parseQuery(waitQuerySchema(deps.limits.maxWaitSeconds), request);
        if (!(await deps.devices.getDevice(id))) throw new NotFoundError(`device ${id}`);
        const since = deps.clock.now();
        const queued = await queueConnectionRequest(deps, id, "API request");
        if (!queued.queued || wait === 0)
          return json(queued.queued ? 202 : 503, { deviceId: id, ...queued });
        const observe = async () => {
          const device = await deps.devices.getDevice(id);
          const attempt = device?.lastConnectionRequest;
          if (!device || !attempt || attempt.at < since) return undefined;
          return { attempt, sessionStarted: device.lastInformAt >= since };
        };
        // Done when the CR failed, or was delivered and the device came in.
        const settled = await waitFor(deps, wait, async () => {
          const seen = await observe();
          return seen && (seen.attempt.outcome !== "delivered" || seen.sessionStarted)
            ? seen
            : undefined;
        });
        const outcome = settled ?? (await observe());
        if (!outcome)
          return json(202, { deviceId: id, ...queued, outcome: null, sessionStarted: false });
        const { attempt, sessionStarted } = outcome;
        return json(200, {
          deviceId: id,
          ...queued,
          outcome: { ...attempt, at: new Date(attempt.at).toISOString() },
          sessionStarted,
        });
      },
    },
  ];
}
