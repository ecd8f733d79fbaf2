import type { DiagnosticRecord } from "../../core/diagnostics/diagnostic.ts";
import { finalDiagnosticStates } from "../../core/diagnostics/diagnostic.ts";
import { diagnosticAsOf, newDiagnostic } from "../../core/diagnostics/diagnostic-lifecycle.ts";
import { diagnosticRequest } from "../../core/diagnostics/diagnostic-request.ts";
import { deviceRoot } from "../../core/provisioning/match-precondition.ts";
import { currentDiagnostic } from "../../services/diagnostics/diagnostic-ended.ts";
import { queueTask } from "../../tasks/queue-task.ts";
import type { ApiDeps, ApiDiagnosticsDeps } from "../api-deps.ts";
import {
  DiagnosticRunningError,
  DiagnosticUnsupportedError,
  NotFoundError,
  ServiceUnavailableError,
} from "../api-errors.ts";
import { type ApiRequest, json } from "../api-http.ts";
import { deviceIdParam } from "../device-param.ts";
import { diagnosticArguments, diagnosticRequestSchema } from "../diagnostic-schema.ts";
import { diagnosticView } from "../diagnostic-view.ts";
import { parseBody, parseQuery } from "../parse-input.ts";
import { waitQuerySchema } from "../query-schemas.ts";
import type { Route } from "../router.ts";
import { waitFor } from "../wait-for.ts";
import { queueConnectionRequest } from "./queue-connection-request.ts";

const diagnosticIdPattern = /^[0-9A-Z]{26}$/;

/** A device view lists this many of its newest diagnostics. */
export const recentDiagnosticsInView = 5;

/** POST/GET /devices/{id}/diagnostics, GET /diagnostics/{diagnosticId}. */
export function diagnosticRoutes(deps: ApiDeps): Route[] {
  const diagnostics = (): ApiDiagnosticsDeps => {
    if (!deps.diagnostics) throw new ServiceUnavailableError("diagnostics are not configured");
    return deps.diagnostics;
  };
  return [
    {
      method: "POST",
      pattern: "/devices/{id}/diagnostics",
      handle: (request, params) => requestDiagnostic(deps, diagnostics(), request, params.id ?? ""),
    },
    {
      method: "GET",
      pattern: "/devices/{id}/diagnostics",
      handle: async (_request, params) => {
        const id = deviceIdParam(params.id ?? "");
        if (!(await deps.devices.getDevice(id))) throw new NotFoundError(`device ${id}`);
        const list = await recentDiagnostics(deps, diagnostics(), id, 50);
        return json(200, { diagnostics: list.map(diagnosticView) });
      },
    },
    {
      method: "GET",
      pattern: "/diagnostics/{diagnosticId}",
      handle: async (_request, params) => {
        const raw = params.diagnosticId ?? "";
        const found = diagnosticIdPattern.test(raw)
          ? await diagnostics().store.getDiagnostic(raw)
          : undefined;
        if (!found) throw new NotFoundError(`diagnostic ${raw}`);
        const withStore = { ...deps, diagnostics: diagnostics() };
        const current = await currentDiagnostic(withStore, found, deps.clock.now());
        return json(200, diagnosticView(current));
      },
    },
  ];
}

/** The device view's newest diagnostics ([] where diagnostics are not configured). */
export async function deviceDiagnosticsView(deps: ApiDeps, deviceId: string) {
  if (!deps.diagnostics) return [];
  const list = await recentDiagnostics(deps, deps.diagnostics, deviceId, recentDiagnosticsInView);
  return list.map(diagnosticView);
}

/** The device's newest diagnostics as of now (for the device view and its listing). */
export async function recentDiagnostics(
  deps: ApiDeps,
  diagnostics: ApiDiagnosticsDeps,
  deviceId: string,
  limit: number,
): Promise<DiagnosticRecord[]> {
  const now = deps.clock.now();
  const list = await diagnostics.store.listDiagnostics(deviceId, limit);
  return list.map((record) => diagnosticAsOf(record, now));
}

/**
 * Starts a test: one SetParameterValues task (the arguments and DiagnosticsState = Requested,
 * core/diagnostics/diagnostic-request.ts) and a connection request. A second diagnostic of
 * the type while one is open is refused (409): TR-143 has one test object per type, and a new
 * request would abort the running test. wait=N holds the answer until it ends (200) or answers
 * 202 with it still open.
 */
async function requestDiagnostic(
  deps: ApiDeps,
  diagnostics: ApiDiagnosticsDeps,
  request: ApiRequest,
  rawId: string,
) {
  const deviceId = deviceIdParam(rawId);
  const query = parseQuery(waitQuerySchema(deps.limits.maxWaitSeconds), request);
  const body = parseBody(diagnosticRequestSchema, request);
  const device = await deps.devices.getDevice(deviceId);
  if (!device) throw new NotFoundError(`device ${deviceId}`);
  const args = diagnosticArguments(body);
  const planned = diagnosticRequest(body.type, deviceRoot(device), args);
  if (planned.kind === "unsupported") throw new DiagnosticUnsupportedError(planned.reason);
  const now = deps.clock.now();
  const id = deps.ids.sortableId(now);
  const claim = { deviceId, type: body.type, diagnosticId: id, until: now + diagnostics.timeoutMs };
  const claimed = await diagnostics.store.claimDiagnostic({ ...claim, now });
  if (!claimed.claimed)
    throw new DiagnosticRunningError(
      claimed.activeId,
      `a ${body.type} diagnostic (${claimed.activeId}) is still open on device ${deviceId}`,
    );
  const record = await startDiagnostic(deps, diagnostics, { ...claim, now, planned, args });
  const connectionRequest = await queueConnectionRequest(deps, deviceId, `diagnostic ${id}`);
  const answer = (found: DiagnosticRecord, status: number) =>
    json(status, { ...diagnosticView(found), connectionRequest });
  if (query.wait === 0) return answer(record, 202);
  const ended = await waitFor(deps, query.wait, async () => {
    const current = await diagnostics.store.getDiagnostic(id);
    return current && finalDiagnosticStates.has(current.state) ? current : undefined;
  });
  if (ended) return answer(ended, 200);
  return answer((await diagnostics.store.getDiagnostic(id)) ?? record, 202);
}

/**
 * Writes the record, then queues the SetParameterValues it names: a session already under way
 * may run the task at once, and its end must find the record (settle-diagnostic-task.ts). If
 * either fails the claim is given back, and a record written is ended failed.
 */
async function startDiagnostic(
  deps: ApiDeps,
  diagnostics: ApiDiagnosticsDeps,
  start: {
    readonly deviceId: string;
    readonly type: DiagnosticRecord["type"];
    readonly diagnosticId: string;
    readonly now: number;
    readonly planned: {
      readonly objectPath: string;
      readonly parameterValues: readonly (readonly [string, string, string])[];
    };
    readonly args: DiagnosticRecord["arguments"];
  },
): Promise<DiagnosticRecord> {
  const release = () =>
    diagnostics.store.releaseDiagnostic(start.deviceId, start.type, start.diagnosticId);
  const record = newDiagnostic({
    id: start.diagnosticId,
    deviceId: start.deviceId,
    type: start.type,
    objectPath: start.planned.objectPath,
    arguments: start.args,
    requestTaskId: deps.ids.sortableId(start.now),
    now: start.now,
    timeoutMs: diagnostics.timeoutMs,
  });
  let written = false;
  try {
    await diagnostics.store.putDiagnostic(record);
    written = true;
    const queued = await queueTask(deps, {
      deviceId: start.deviceId,
      spec: { name: "setParameterValues", parameterValues: start.planned.parameterValues },
      now: start.now,
      origin: { diagnosticId: start.diagnosticId },
      taskId: record.requestTaskId,
    });
    if (queued.kind !== "created") throw new NotFoundError(`device ${start.deviceId}`);
    return record;
  } catch (error) {
    if (written) {
      const failure = { reason: "starting the test: its task could not be queued" };
      await diagnostics.store
        .updateDiagnostic({ ...record, state: "failed", failure }, record.state)
        .catch(() => undefined);
    }
    await release().catch(() => undefined);
    throw error;
  }
}
