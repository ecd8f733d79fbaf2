import type { StoredBulkReport } from "../../bulk-data-ports.ts";
import type { ApiDeps } from "../api-deps.ts";
import { NotFoundError, ServiceUnavailableError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { deviceIdParam } from "../device-param.ts";
import type { Route } from "../router.ts";

/** GET /devices/{id}/bulk-data/latest: the device's newest parsed bulk data report (TR-232). */
export function bulkDataRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "GET",
      pattern: "/devices/{id}/bulk-data/latest",
      handle: async (_request, params) => {
        if (!deps.bulkData) throw new ServiceUnavailableError("bulk data is not configured");
        const id = deviceIdParam(params.id ?? "");
        const report = await deps.bulkData.latestReport(id);
        if (!report) throw new NotFoundError(`bulk data report of device ${id}`);
        return json(200, bulkReportView(report));
      },
    },
  ];
}

/** The stored report with its receipt time in ISO 8601, as every view shows instants. */
export function bulkReportView(report: StoredBulkReport) {
  return {
    deviceId: report.deviceId,
    receivedAt: new Date(report.receivedAt).toISOString(),
    encoding: report.encoding,
    format: report.format,
    entries: report.entries,
  };
}
