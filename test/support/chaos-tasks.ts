import assert from "node:assert/strict";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { rpcForTask } from "../../functions/core/session/task-rpc.ts";
import { rpcSignature } from "../../functions/simulator/rpc-signature.ts";
import type { LocalAcsHarness } from "./local-acs-harness.ts";

/** The parameter every chaos device is given its own value of (writable in the simulator). */
export const chaosParameter = "Device.WiFi.SSID.1.SSID";

/** One task the chaos fleet queues for a device. */
export interface PlannedTask {
  readonly spec: TaskSpec;
  /** Fails on every device, by design (a download the simulator reports as 9010). */
  readonly designedToFail: boolean;
}

/** A task as GET /tasks/{id} shows it (the fields the chaos run reads). */
export interface ApiTask {
  readonly id: string;
  readonly deviceId: string;
  readonly name: string;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly reason?: string;
  readonly fault?: { readonly code: number; readonly string: string };
  readonly history?: readonly { readonly at: string; readonly outcome: string }[];
  readonly result?: {
    readonly parameters?: readonly { readonly name: string; readonly value: string }[];
  };
}

export const terminalStatuses: ReadonlySet<string> = new Set([
  "done",
  "faulted",
  "cancelled",
  "expired",
]);

/**
 * Every device: a SetParameterValues of its own value and a GetParameterValues. One in five
 * each: a Reboot, a ScheduleInform, a firmware Download, a Download that fails (the simulator
 * fails URLs containing "fail" with 9010 in TransferComplete), or nothing more.
 */
export function chaosTaskPlan(index: number, serial: string): PlannedTask[] {
  const tasks: PlannedTask[] = [
    {
      spec: {
        name: "setParameterValues",
        parameterValues: [[chaosParameter, `chaos-${serial}`]],
        parameterKey: `pk-${serial}`,
      },
      designedToFail: false,
    },
    {
      spec: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.SerialNumber"] },
      designedToFail: false,
    },
  ];
  const download = (file: string): TaskSpec => ({
    name: "download",
    fileType: "1 Firmware Upgrade Image",
    url: `http://127.0.0.1:9/images/${file}`,
  });
  const extra: (PlannedTask | undefined)[] = [
    { spec: { name: "reboot" }, designedToFail: false },
    { spec: { name: "scheduleInform", delaySeconds: 1 }, designedToFail: false },
    { spec: download("2.0.0.bin"), designedToFail: false },
    { spec: download("fail-2.0.0.bin"), designedToFail: true },
    undefined,
  ];
  const more = extra[index % extra.length];
  return more === undefined ? tasks : [...tasks, more];
}

/**
 * The signature of the RPC that carries a task, as the device records it: how the chaos run
 * finds a task's sends in what the CPEs saw (the CommandKey of Reboot, Download and
 * ScheduleInform is the task id; the SPV and GPV of each device are unique to it).
 */
export function taskSignature(spec: TaskSpec, taskId: string): string {
  const now = 0;
  return rpcSignature(
    rpcForTask(
      {
        id: taskId,
        deviceId: "",
        spec,
        status: "pending",
        createdAt: now,
        updatedAt: now,
        expiresAt: now,
        attempts: 0,
        maxAttempts: 1,
      },
      () => assert.fail("chaos tasks carry no sealed values"),
    ),
  );
}

/** Queues one task through the API (POST /devices/{id}/tasks, answered 202). */
export async function queueTask(
  acs: LocalAcsHarness,
  deviceId: string,
  spec: TaskSpec,
): Promise<ApiTask> {
  const response = await acs.api("POST", `/devices/${encodeURIComponent(deviceId)}/tasks`, {
    body: spec,
  });
  if (response.status !== 202) {
    throw new Error(
      `queueing ${spec.name} for ${deviceId}: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as ApiTask;
}

/** Runs `work` over `items` with at most `concurrency` calls at once. */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Polls GET /devices/{id}/tasks for the devices that still have an open task until every task
 * in `tasks` is terminal or `deadlineMs` (epoch) passes; returns the last view of each task.
 */
export async function awaitTerminalTasks(options: {
  readonly acs: LocalAcsHarness;
  readonly tasks: readonly ApiTask[];
  readonly deadlineMs: number;
  readonly everyMs?: number;
  readonly onRound?: (open: number) => void;
}): Promise<Map<string, ApiTask>> {
  const latest = new Map(options.tasks.map((task) => [task.id, task]));
  const openDevices = () => [
    ...new Set(
      [...latest.values()]
        .filter((task) => !terminalStatuses.has(task.status))
        .map((task) => task.deviceId),
    ),
  ];
  for (;;) {
    // A few at a time: the poll shares the machine with the ACS and the fleet.
    await forEachLimited(openDevices(), 4, async (deviceId) => {
      const response = await options.acs.api(
        "GET",
        `/devices/${encodeURIComponent(deviceId)}/tasks`,
      );
      if (response.status !== 200)
        throw new Error(`listing tasks of ${deviceId}: ${response.status}`);
      for (const task of response.body.tasks as ApiTask[])
        if (latest.has(task.id)) latest.set(task.id, task);
    });
    const open = [...latest.values()].filter((task) => !terminalStatuses.has(task.status));
    options.onRound?.(open.length);
    if (open.length === 0 || Date.now() > options.deadlineMs) break;
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 1_000));
  }
  return latest;
}

/** The value the ACS shows for one parameter of a device (GET /devices/{id}?path=...). */
export async function acsParameterValue(
  acs: LocalAcsHarness,
  deviceId: string,
  name: string,
): Promise<string | undefined> {
  const response = await acs.api(
    "GET",
    `/devices/${encodeURIComponent(deviceId)}?path=${encodeURIComponent(name)}`,
  );
  if (response.status !== 200) throw new Error(`reading ${deviceId}: ${response.status}`);
  const parameters = response.body.parameters as { name: string; value?: string }[];
  return parameters.find((parameter) => parameter.name === name)?.value;
}
