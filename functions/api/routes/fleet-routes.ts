import type { ApiDeps } from "../api-deps.ts";
import { json } from "../api-http.ts";
import {
  currentFleetSummary,
  defaultFleetSummarySettings,
  fleetSummaryView,
} from "../fleet-summary-snapshot.ts";
import type { Route } from "../router.ts";

/** GET /fleet/summary: the fleet counted on the server (fleet-summary-snapshot.ts). */
export function fleetRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "GET",
      pattern: "/fleet/summary",
      handle: async () => {
        const settings = deps.fleetSummary ?? defaultFleetSummarySettings;
        return json(200, fleetSummaryView(await currentFleetSummary(deps, settings)));
      },
    },
  ];
}
