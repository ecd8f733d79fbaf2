import {
  type ConnectionRequestStatus,
  isFinalConnectionRequestOutcome,
} from "../../core/model/device.ts";
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
 * answer with the sender's final outcome (delivered over XMPP or HTTP, or
 * failed on every method) and, when delivered, once the device opened its
 * session. `final: false` says the wait ran out first: an XMPP failure whose
 * HTTP fallback is still under way, a busy CPE to be retried, or a delivered
 * request whose session has not started yet.
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
        const observe = () => observeWakeUp(deps, id, since);
        const settled = await waitFor(deps, wait, async () => {
          const seen = await observe();
          return seen?.final ? seen : undefined;
        });
        const seen = settled ?? (await observe());
        if (!seen) {
          return json(202, {
            deviceId: id,
            ...queued,
            outcome: null,
            sessionStarted: false,
            final: false,
          });
        }
        const { attempt, sessionStarted, final } = seen;
        return json(200, {
          deviceId: id,
          ...queued,
          outcome: { ...attempt, at: new Date(attempt.at).toISOString() },
          sessionStarted,
          final,
        });
      },
    },
  ];
}

interface WakeUp {
  readonly attempt: ConnectionRequestStatus;
  readonly sessionStarted: boolean;
  /** Nothing more will change the answer: failed for good, or delivered and the session began. */
  readonly final: boolean;
}

/** What the sender recorded since `since`, and whether the device has come in since. */
async function observeWakeUp(
  deps: ApiDeps,
  id: string,
  since: number,
): Promise<WakeUp | undefined> {
  const device = await deps.devices.getDevice(id);
  const attempt = device?.lastConnectionRequest;
  if (!device || !attempt || attempt.at < since) return undefined;
  const sessionStarted = device.lastInformAt >= since;
  const final =
    isFinalConnectionRequestOutcome(attempt.outcome) &&
    (attempt.outcome !== "delivered" || sessionStarted);
  return { attempt, sessionStarted, final };
}
