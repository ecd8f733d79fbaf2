import { parameterLevel } from "../../core/model/parameter-level.ts";
import { finalTaskStatuses, type TaskRecord } from "../../core/model/task.ts";
import { DeviceNotFoundError, SessionBusyError } from "../../port-errors.ts";
import { recordCampaignOutcome } from "../../tasks/record-campaign-outcome.ts";
import type { ApiDeps } from "../api-deps.ts";
import { ConflictError, NotFoundError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { deviceIdParam } from "../device-param.ts";
import { loadProfiles } from "../load-profiles.ts";
import { parseQuery, parseValue } from "../parse-input.ts";
import { deviceGetQuerySchema, deviceListQuerySchema, tagSchema } from "../query-schemas.ts";
import { decodeSegment, type Route } from "../router.ts";
import { deviceSummaryView, deviceView } from "../views.ts";
import { deviceDiagnosticsView } from "./diagnostic-routes.ts";

/** GET /devices, GET/DELETE /devices/{id}, PUT/DELETE /devices/{id}/tags/{tag}. */
export function deviceRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "GET",
      pattern: "/devices",
      handle: async (request) => {
        const query = parseQuery(deviceListQuerySchema, request);
        const page = await deps.devices.listDevices(query);
        const now = deps.clock.now();
        return json(200, {
          devices: page.devices.map((device) => deviceSummaryView(device, now)),
          ...(page.cursor && { cursor: page.cursor }),
        });
      },
    },
    {
      method: "GET",
      pattern: "/devices/{id}",
      handle: async (request, params) => {
        const { path, depth } = parseQuery(deviceGetQuerySchema, request);
        const id = deviceIdParam(params.id ?? "");
        const device = await deps.devices.getDevice(id);
        if (!device) throw new NotFoundError(`device ${id}`);
        const [parameters, profiles, diagnostics] = await Promise.all([
          deps.parameters.getParameters(id, device.parameterGeneration, path ?? ""),
          loadProfiles(deps.profiles),
          deviceDiagnosticsView(deps, id),
        ]);
        const now = deps.clock.now();
        const view = {
          ...deviceView(device, parameters, now, deps.taskSecrets.policy, profiles),
          diagnostics,
        };
        if (depth === undefined) return json(200, view);
        // The store still reads the whole subtree (the readiness view needs its values), but the
        // answer carries one level: a 10,000-parameter device stays far below the response limit.
        const level = parameterLevel(view.parameters, path ?? "", depth);
        return json(200, { ...view, parameters: level.parameters, objects: level.objects });
      },
    },
    {
      method: "DELETE",
      pattern: "/devices/{id}",
      handle: async (_request, params) => {
        const id = deviceIdParam(params.id ?? "");
        try {
          await deps.devices.deleteDevice(id, deps.clock.now());
        } catch (error) {
          if (error instanceof DeviceNotFoundError) throw new NotFoundError(`device ${id}`);
          if (error instanceof SessionBusyError)
            throw new ConflictError("device is in a CWMP session; retry later");
          throw error;
        }
        await cancelOpenTasks(deps, id);
        return json(200, { deleted: id });
      },
    },
    tagRoute(deps, "PUT", true),
    tagRoute(deps, "DELETE", false),
  ];
}

function tagRoute(deps: ApiDeps, method: string, present: boolean): Route {
  return {
    method,
    pattern: "/devices/{id}/tags/{tag}",
    handle: async (_request, params) => {
      const id = deviceIdParam(params.id ?? "");
      const tag = parseValue(tagSchema, "path", "tag", decodeSegment(params.tag ?? ""));
      try {
        await deps.devices.setTag(id, tag, present);
      } catch (error) {
        if (error instanceof DeviceNotFoundError) throw new NotFoundError(`device ${id}`);
        throw error;
      }
      const device = await deps.devices.getDevice(id);
      return json(200, { id, tags: device?.tags ?? [] });
    },
  };
}

/** A forgotten device's queued tasks can never run: cancel them with a reason. */
async function cancelOpenTasks(deps: ApiDeps, deviceId: string): Promise<void> {
  const now = deps.clock.now();
  for (const task of await deps.tasks.listTasks(deviceId)) {
    if (finalTaskStatuses.has(task.status)) continue;
    const cancelled: TaskRecord = {
      ...task,
      status: "cancelled",
      reason: "device deleted",
      updatedAt: now,
    };
    try {
      await deps.tasks.updateTask(cancelled, task.status);
    } catch (error) {
      deps.logger.warn("could not cancel task of deleted device", {
        taskId: task.id,
        error: String(error),
      });
      continue;
    }
    await recordCampaignOutcome(deps, cancelled);
  }
}
