import { finalTaskStatuses, type TaskRecord, type TaskSpec } from "../../core/model/task.ts";
import { TaskConflictError } from "../../port-errors.ts";
import { settleDiagnosticTask } from "../../services/diagnostics/settle-diagnostic-task.ts";
import { queueTask } from "../../tasks/queue-task.ts";
import { recordCampaignOutcome } from "../../tasks/record-campaign-outcome.ts";
import type { ApiDeps } from "../api-deps.ts";
import { ConflictError, IdempotencyKeyReusedError, NotFoundError } from "../api-errors.ts";
import { type ApiRequest, json } from "../api-http.ts";
import { deviceIdParam } from "../device-param.ts";
import { parseBody, parseQuery, parseValue } from "../parse-input.ts";
import { prepareTaskSpec } from "../prepare-task-spec.ts";
import { createTaskQuerySchema, idempotencyKeySchema } from "../query-schemas.ts";
import type { Route } from "../router.ts";
import { taskSpecSchema } from "../task-schema.ts";
import { taskView } from "../views.ts";
import { waitFor } from "../wait-for.ts";
import { queueConnectionRequest } from "./queue-connection-request.ts";
import { recentTasksRoute } from "./recent-tasks-route.ts";

const taskIdPattern = /^[0-9A-Z]{26}$/;

/** POST/GET /devices/{id}/tasks, GET /tasks, GET/DELETE /tasks/{id}. */
export function taskRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/devices/{id}/tasks",
      handle: (request, params) => createTask(deps, request, params.id ?? ""),
    },
    recentTasksRoute(deps),
    {
      method: "GET",
      pattern: "/devices/{id}/tasks",
      handle: async (_request, params) => {
        const id = deviceIdParam(params.id ?? "");
        if (!(await deps.devices.getDevice(id))) throw new NotFoundError(`device ${id}`);
        return json(200, {
          tasks: (await deps.tasks.listTasks(id)).map((task) =>
            taskView(task, deps.taskSecrets.policy),
          ),
        });
      },
    },
    {
      method: "GET",
      pattern: "/tasks/{taskId}",
      handle: async (_request, params) =>
        json(200, taskView(await existingTask(deps, params.taskId ?? ""), deps.taskSecrets.policy)),
    },
    {
      method: "DELETE",
      pattern: "/tasks/{taskId}",
      handle: async (_request, params) => {
        const task = await existingTask(deps, params.taskId ?? "");
        // A running task is cancelled too: a reply that comes later is recorded on it
        // (lateReply) but never revives it, and it is never sent again.
        if (finalTaskStatuses.has(task.status)) {
          throw new ConflictError(
            `task is ${task.status} already; only an open task can be cancelled`,
          );
        }
        const cancelled: TaskRecord = {
          ...task,
          status: "cancelled",
          reason: `cancelled through the API while ${task.status}`,
          updatedAt: deps.clock.now(),
        };
        try {
          await deps.tasks.updateTask(cancelled, task.status);
        } catch (error) {
          if (error instanceof TaskConflictError)
            throw new ConflictError("task changed meanwhile; read it again and retry");
          throw error;
        }
        await recordCampaignOutcome(deps, cancelled);
        // A diagnostic's task cancelled ends the diagnostic (failed, the reason naming it) and
        // frees its type, instead of leaving it to time out.
        await settleDiagnosticTask(deps, cancelled);
        await deps.tasks.dequeue(task.deviceId, [task.id]);
        return json(200, taskView(cancelled, deps.taskSecrets.policy));
      },
    },
  ];
}

async function existingTask(deps: ApiDeps, raw: string): Promise<TaskRecord> {
  const task = taskIdPattern.test(raw) ? await deps.tasks.getTask(raw) : undefined;
  if (!task) throw new NotFoundError(`task ${raw}`);
  return task;
}

/**
 * Queues one task. An Idempotency-Key makes a retried POST return
 * the first task (200, Idempotent-Replayed), and refuses the key with another
 * body (422); connectionRequest=true wakes the device; wait=N holds the
 * answer until the task ends (200) or answers 202 with it still pending.
 */
async function createTask(deps: ApiDeps, request: ApiRequest, rawId: string) {
  const deviceId = deviceIdParam(rawId);
  const query = parseQuery(createTaskQuerySchema(deps.limits.maxWaitSeconds), request);
  const spec = await prepareTaskSpec(deps, parseBody(taskSpecSchema, request) as TaskSpec);
  const key = request.headers["idempotency-key"];
  const idempotencyKey =
    key === undefined
      ? undefined
      : parseValue(idempotencyKeySchema, "header", "Idempotency-Key", key);
  const queued = await queueTask(deps, {
    deviceId,
    spec,
    now: deps.clock.now(),
    ...(idempotencyKey !== undefined && {
      idempotency: { key: idempotencyKey, forMs: deps.limits.idempotencyMs },
    }),
  });
  if (queued.kind === "unknown-device") throw new NotFoundError(`device ${deviceId}`);
  if (queued.kind === "key-reused") throw new IdempotencyKeyReusedError(idempotencyKey ?? "");
  if (queued.kind === "replayed")
    return json(200, taskView(queued.task, deps.taskSecrets.policy), {
      "idempotent-replayed": "true",
    });
  const { task } = queued;
  const connectionRequest = query.connectionRequest
    ? await queueConnectionRequest(deps, deviceId, `task ${task.id}`)
    : undefined;
  const extra = connectionRequest === undefined ? {} : { connectionRequest };
  if (query.wait === 0) return json(202, { ...taskView(task, deps.taskSecrets.policy), ...extra });
  const finished = await waitFor(deps, query.wait, async () => {
    const current = await deps.tasks.getTask(task.id);
    return current && finalTaskStatuses.has(current.status) ? current : undefined;
  });
  if (finished) return json(200, { ...taskView(finished, deps.taskSecrets.policy), ...extra });
  return json(202, {
    ...taskView((await deps.tasks.getTask(task.id)) ?? task, deps.taskSecrets.policy),
    ...extra,
  });
}
