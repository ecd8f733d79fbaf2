import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { type Fleet, runFleet } from "../../functions/simulator/fleet.ts";
import { misbehaviourNames } from "../../functions/simulator/misbehaviours.ts";
import { randomFleetMisbehaviours } from "../../functions/simulator/random-misbehaviours.ts";
import { type ChaosReport, chaosReport, type QueuedTask } from "./chaos-fleet-report.ts";
import type { ObservedSession } from "./chaos-report.ts";
import {
  type ApiTask,
  acsParameterValue,
  awaitTerminalTasks,
  chaosParameter,
  chaosTaskPlan,
  forEachLimited,
  queueTask,
} from "./chaos-tasks.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "./local-acs-harness.ts";

export type { ChaosReport } from "./chaos-fleet-report.ts";

export interface ChaosFleetOptions {
  readonly devices: number;
  /** Seeds the misbehaviours: the same seed gives the same fleet. @default 13 */
  readonly seed?: number;
  /** Share of devices given one or two random bounded misbehaviours. @default 0.2 */
  readonly misbehavingFraction?: number;
  /** PeriodicInformInterval of every device, seconds. @default 5 */
  readonly periodicIntervalSec?: number;
  /** ACS_SESSION_IDLE_TIMEOUT_SECONDS (5 is the least the ACS accepts). @default 5 */
  readonly idleTimeoutSec?: number;
  /** First boots spread over this long, ms. @default 25 per device */
  readonly bootStaggerMs?: number;
  /** How long the tasks may take to end once queued, ms (registration has its own 120 s). @default 150_000 */
  readonly deadlineMs?: number;
  /** Progress lines (one every few seconds). @default none */
  readonly progress?: (line: string) => void;
}

/**
 * The chaos fleet: the local ACS as `npm start` builds it, `devices` simulated CPEs (a share
 * misbehaving at random, reproducibly by seed) booted against it, tasks queued for every device
 * through the API, then a wait until every task is terminal. Returns what the CPEs saw
 * (sessions, RPC signatures, 503s), what the API shows (tasks) and whether set values arrived.
 */
export async function runChaosFleet(options: ChaosFleetOptions): Promise<ChaosReport> {
  const startedMs = Date.now();
  const idleTimeoutSec = options.idleTimeoutSec ?? 5;
  const periodicIntervalSec = options.periodicIntervalSec ?? 5;
  const fraction = options.misbehavingFraction ?? 0.2;
  const seed = options.seed ?? 13;
  const say = options.progress ?? (() => undefined);
  const sessions: ObservedSession[] = [];
  let acs: LocalAcsHarness | undefined;
  let fleet: Fleet | undefined;
  try {
    acs = await startLocalAcsHarness({ ACS_SESSION_IDLE_TIMEOUT_SECONDS: String(idleTimeoutSec) });
    const misbehaviours = randomFleetMisbehaviours({ seed, fraction });
    fleet = await runFleet({
      acsUrl: acs.cwmpUrl,
      count: options.devices,
      serialPrefix: "CHAOS",
      periodicIntervalSec,
      bootStaggerMs: options.bootStaggerMs ?? 25 * options.devices,
      device: { rebootDelayMs: 500, transferDurationMs: 500, retryMinWaitSec: 1 },
      misbehaviours,
      observer: {
        onSessionEnd: (serial, record) => {
          const endedAtMs = Date.now();
          sessions.push({
            serial,
            startedAtMs: endedAtMs - record.durationMs,
            endedAtMs,
            kind: record.result.kind,
            ...(record.result.kind === "busy" &&
              record.result.retryAfterSec !== undefined && {
                retryAfterSec: record.result.retryAfterSec,
              }),
            events: record.events.map((event) => event.eventCode),
            rpcs: record.rpcs,
          });
        },
      },
    });
    await untilRegistered(fleet, startedMs + 120_000, say);
    const registeredMs = Date.now();
    const queued = await queueAll(acs, fleet.devices);
    say(`queued ${queued.length} tasks for ${fleet.devices.length} devices`);
    const final = await awaitTerminalTasks({
      acs,
      tasks: queued.map((task) => task.view),
      deadlineMs: Date.now() + (options.deadlineMs ?? 150_000),
      onRound: (open) => say(`${open} tasks still open`),
    });
    const endedMs = Date.now();
    const values = await readSetValues(acs, fleet.devices, queued, final);
    return chaosReport({
      devices: fleet.devices.map((cpe) => ({
        serial: cpe.serialNumber,
        deviceId: idOf(cpe),
        misbehaviours: misbehaviourNames(cpe.misbehaviours),
      })),
      settings: { seed, fraction, idleTimeoutSec, periodicIntervalSec },
      timing: { startedMs, registeredMs, endedMs },
      queued,
      final,
      sessions,
      values,
      logs: acs.logs,
    });
  } finally {
    if (fleet !== undefined) await quiesce(fleet);
    await fleet?.stop();
    await acs?.stop();
  }
}

const idOf = (cpe: SimulatedCpe) =>
  deviceIdOf({
    oui: cpe.profile.oui,
    productClass: cpe.profile.productClass,
    serialNumber: cpe.serialNumber,
  });

/** Every device has had a session the ACS completed: it is registered. */
async function untilRegistered(
  fleet: Fleet,
  deadlineMs: number,
  say: (line: string) => void,
): Promise<void> {
  const registered = () =>
    fleet.devices.filter((cpe) => cpe.sessions().some((s) => s.result.kind === "completed")).length;
  for (let count = registered(); count < fleet.devices.length; count = registered()) {
    if (Date.now() > deadlineMs)
      throw new Error(`only ${count} of ${fleet.devices.length} devices registered`);
    say(`${count} devices registered`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * Lets every session under way end before the fleet is switched off: the local ACS closes its
 * sockets without draining, so a request a device gave up on mid-way would still be running
 * when dynalite closes. Periodic Informs are turned off first; bounded, then it stops anyway.
 */
async function quiesce(fleet: Fleet): Promise<void> {
  for (const cpe of fleet.devices)
    cpe.model().setInternal("Device.ManagementServer.PeriodicInformEnable", "false");
  const giveUpAt = Date.now() + 30_000;
  const busy = () => fleet.devices.some((cpe) => !["idle", "off"].includes(cpe.state()));
  while (busy() && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Every device's planned tasks, queued back to back per device. */
async function queueAll(
  acs: LocalAcsHarness,
  devices: readonly SimulatedCpe[],
): Promise<QueuedTask[]> {
  const queued: QueuedTask[] = [];
  await forEachLimited([...devices.entries()], 8, async ([index, cpe]) => {
    for (const planned of chaosTaskPlan(index, cpe.serialNumber)) {
      const view = await queueTask(acs, idOf(cpe), planned.spec);
      queued.push({ serial: cpe.serialNumber, planned, view });
    }
  });
  return queued;
}

/** For each SetParameterValues that ended done: the value on the device and in the ACS. */
async function readSetValues(
  acs: LocalAcsHarness,
  devices: readonly SimulatedCpe[],
  queued: readonly QueuedTask[],
  final: ReadonlyMap<string, ApiTask>,
) {
  const bySerial = new Map(devices.map((cpe) => [cpe.serialNumber, cpe]));
  const done = queued.filter(
    (task) =>
      task.planned.spec.name === "setParameterValues" && final.get(task.view.id)?.status === "done",
  );
  const values: {
    taskId: string;
    serial: string;
    expected: string;
    onDevice: string | undefined;
    inAcs: string | undefined;
  }[] = [];
  await forEachLimited(done, 4, async (task) => {
    const cpe = bySerial.get(task.serial);
    values.push({
      taskId: task.view.id,
      serial: task.serial,
      expected: setValueOf(task.planned.spec),
      onDevice: cpe?.model().read(chaosParameter),
      inAcs: await acsParameterValue(acs, task.view.deviceId, chaosParameter),
    });
  });
  return values;
}

function setValueOf(spec: TaskSpec): string {
  if (spec.name !== "setParameterValues") throw new TypeError(`${spec.name} sets no value`);
  const entry = spec.parameterValues.find(([name]) => name === chaosParameter);
  if (entry === undefined) throw new TypeError(`no ${chaosParameter} in the task`);
  return entry[1];
}
