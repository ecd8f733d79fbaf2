import assert from "node:assert/strict";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { newTask, type TaskOrigin } from "../../functions/core/model/new-task.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import type { MemorySession } from "./memory-session.ts";
import { informWithEvents } from "./periodic-inform.ts";

/**
 * Registers the device of `serial` (a BOOTSTRAP session), queues tasks `T1`.. of these specs
 * (T1 oldest), then opens a periodic session: returns its cookie.
 */
export async function informedWithTasks(
  acs: MemorySession,
  serial: string,
  specs: readonly TaskSpec[],
  maxAttempts: number,
  origin?: TaskOrigin,
): Promise<string> {
  const boot = await acs.post(informWithEvents(serial, ["0 BOOTSTRAP", "1 BOOT"]));
  assert.equal((await acs.post(null, boot.cookie ?? "")).status, 204);
  for (const [i, spec] of specs.entries()) {
    const now = acs.clock.now() + i;
    const deviceId = `00D09E-HGW-${serial}`;
    const id = `T${i + 1}`;
    const task = newTask({ id, deviceId, spec, now, defaults: builtInTaskDefaults, origin });
    await acs.stores.tasks.createTask({ ...task, maxAttempts });
  }
  const informed = await acs.post(informWithEvents(serial, ["2 PERIODIC"]));
  return informed.cookie ?? "";
}

/** Cancels a task as the API does: its current status is the write's condition. */
export async function cancelTask(acs: MemorySession, taskId: string): Promise<void> {
  const task = await acs.stores.tasks.getTask(taskId);
  assert.ok(task, `task ${taskId} exists`);
  const cancelled = { ...task, status: "cancelled" as const, reason: "cancelled" };
  await acs.stores.tasks.updateTask({ ...cancelled, updatedAt: acs.clock.now() }, task.status);
}

/** The task ended done after one send, and the value its reply reported is stored (generation 1). */
export async function assertDoneAfterOneSend(
  acs: MemorySession,
  taskId: string,
  parameter: { readonly deviceId: string; readonly name: string; readonly value: string },
): Promise<void> {
  const task = await acs.stores.tasks.getTask(taskId);
  assert.equal(task?.status, "done");
  assert.equal(task?.attempts, 1);
  const [stored] = await acs.stores.parameters.getParameters(parameter.deviceId, 1, parameter.name);
  assert.equal(stored?.value, parameter.value);
}

export const uptime = "Device.DeviceInfo.UpTime";
/** A GetParameterValues of the uptime, and a CPE's answer to it (42). */
export const uptimeTask: TaskSpec = { name: "getParameterValues", parameterNames: [uptime] };
export const uptimeAnswer: CpeMessage = {
  method: "GetParameterValuesResponse",
  parameterList: [{ name: uptime, value: "42", type: "unsignedInt" }],
};
