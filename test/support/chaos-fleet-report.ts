import {
  bySerial,
  countBy,
  isIdlePeriodic,
  type ObservedSession,
  type Refusal,
  type RepeatedRpc,
  refusals,
  repeatedRpcs,
  type Spread,
  sendsOf,
  sessionsBetween,
  spread,
} from "./chaos-report.ts";
import { type ApiTask, type PlannedTask, taskSignature, terminalStatuses } from "./chaos-tasks.ts";

/** A task as queued: the plan it came from and the API's answer to the POST. */
export interface QueuedTask {
  readonly serial: string;
  readonly planned: PlannedTask;
  readonly view: ApiTask;
}

/** A done SetParameterValues: what was set, what the device holds, what the ACS shows. */
export interface SetValueCheck {
  readonly taskId: string;
  readonly serial: string;
  readonly expected: string;
  readonly onDevice: string | undefined;
  readonly inAcs: string | undefined;
}

export interface TaskOutcome {
  readonly id: string;
  readonly serial: string;
  readonly name: string;
  readonly designedToFail: boolean;
  readonly misbehaving: boolean;
  readonly status: string;
  readonly reason?: string;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly fault?: ApiTask["fault"];
  readonly history?: ApiTask["history"];
  readonly result?: ApiTask["result"];
  /** Queued to terminal, by the ACS's own timestamps; absent while not terminal. */
  readonly timeToTerminalMs?: number;
  /** Sessions the device had from queueing to terminal (or to the end of the run). */
  readonly sessions: number;
  /** Of those, the ones that were not idle periodic sessions (see isIdlePeriodic). */
  readonly workingSessions: number;
  /** Sessions in which the device received this task's RPC (counted on the CPE side). */
  readonly sends: number;
}

export interface DeviceOutcome {
  readonly serial: string;
  readonly deviceId: string;
  readonly misbehaviours: readonly string[];
  readonly tasks: number;
  /** Sessions from its first task queued to its last task terminal; absent if one never ended. */
  readonly sessionsUntilDone?: number;
}

export interface ChaosReport {
  readonly devices: number;
  readonly misbehaving: number;
  readonly seed: number;
  readonly fraction: number;
  readonly idleTimeoutSec: number;
  readonly periodicIntervalSec: number;
  /** Boot and registration, then queueing to the last task terminal, then the whole run. */
  readonly elapsedMs: { readonly register: number; readonly tasks: number; readonly total: number };
  readonly tasks: readonly TaskOutcome[];
  readonly byStatus: Readonly<Record<string, number>>;
  readonly perDevice: readonly DeviceOutcome[];
  readonly sessionsUntilDone: Spread;
  readonly timeToTerminalMs: Spread;
  /** Every session every device had (the per-session RPC lists make the histograms). */
  readonly sessions: readonly ObservedSession[];
  readonly repeatedRpcs: readonly RepeatedRpc[];
  readonly busyResponses: number;
  readonly refusals: readonly Refusal[];
  readonly setValues: readonly SetValueCheck[];
  /** ACS log lines at warn or error (abandoned sessions, refusals, unanswered sends). */
  readonly warnings: readonly string[];
}

export interface ChaosReportInput {
  readonly devices: readonly {
    readonly serial: string;
    readonly deviceId: string;
    readonly misbehaviours: readonly string[];
  }[];
  readonly settings: {
    readonly seed: number;
    readonly fraction: number;
    readonly idleTimeoutSec: number;
    readonly periodicIntervalSec: number;
  };
  readonly timing: {
    readonly startedMs: number;
    readonly registeredMs: number;
    readonly endedMs: number;
  };
  readonly queued: readonly QueuedTask[];
  readonly final: ReadonlyMap<string, ApiTask>;
  readonly sessions: readonly ObservedSession[];
  readonly values: readonly SetValueCheck[];
  readonly logs: readonly string[];
}

/** Puts together what the chaos run observed. */
export function chaosReport(input: ChaosReportInput): ChaosReport {
  const { timing } = input;
  const sessionsOf = bySerial(input.sessions);
  const misbehaving = new Set(
    input.devices.filter((d) => d.misbehaviours.length > 0).map((d) => d.serial),
  );
  const tasks = input.queued.map((queued): TaskOutcome => {
    const task = input.final.get(queued.view.id) ?? queued.view;
    const createdMs = Date.parse(task.createdAt);
    const terminal = terminalStatuses.has(task.status);
    const endMs = terminal ? Date.parse(task.updatedAt) : timing.endedMs;
    return {
      id: task.id,
      serial: queued.serial,
      name: task.name,
      designedToFail: queued.planned.designedToFail,
      misbehaving: misbehaving.has(queued.serial),
      status: task.status,
      ...(task.reason !== undefined && { reason: task.reason }),
      attempts: task.attempts,
      maxAttempts: task.maxAttempts,
      ...(task.fault !== undefined && { fault: task.fault }),
      ...(task.history !== undefined && { history: task.history }),
      ...(task.result !== undefined && { result: task.result }),
      ...(terminal && { timeToTerminalMs: endMs - createdMs }),
      ...sessionCounts(
        sessionsBetween(sessionsOf.get(queued.serial) ?? [], createdMs, endMs),
        taskSignature(queued.planned.spec, task.id),
      ),
    };
  });
  const perDevice = input.devices.map((device) => deviceOutcome(device, tasks, input, sessionsOf));
  return {
    devices: input.devices.length,
    misbehaving: misbehaving.size,
    ...input.settings,
    elapsedMs: {
      register: timing.registeredMs - timing.startedMs,
      tasks: timing.endedMs - timing.registeredMs,
      total: timing.endedMs - timing.startedMs,
    },
    tasks,
    byStatus: countBy(tasks, (task) => task.status),
    perDevice,
    sessionsUntilDone: spread(perDevice.flatMap((d) => d.sessionsUntilDone ?? [])),
    timeToTerminalMs: spread(tasks.flatMap((task) => task.timeToTerminalMs ?? [])),
    sessions: input.sessions,
    repeatedRpcs: repeatedRpcs(input.sessions),
    busyResponses: input.sessions.filter((session) => session.kind === "busy").length,
    refusals: refusals(input.sessions, timing.endedMs),
    setValues: input.values,
    warnings: input.logs.filter((line) => /"level":"(warn|error)"/.test(line)),
  };
}

function sessionCounts(window: readonly ObservedSession[], signature: string) {
  return {
    sessions: window.length,
    workingSessions: window.filter((session) => !isIdlePeriodic(session)).length,
    sends: sendsOf(window, signature),
  };
}

function deviceOutcome(
  device: ChaosReportInput["devices"][number],
  tasks: readonly TaskOutcome[],
  input: ChaosReportInput,
  sessionsOf: ReadonlyMap<string, readonly ObservedSession[]>,
): DeviceOutcome {
  const own = input.queued.filter((queued) => queued.serial === device.serial);
  const ended = own.map((queued) => input.final.get(queued.view.id) ?? queued.view);
  const allEnded = ended.every((task) => terminalStatuses.has(task.status));
  const firstQueuedMs = Math.min(...ended.map((task) => Date.parse(task.createdAt)));
  const lastEndedMs = Math.max(...ended.map((task) => Date.parse(task.updatedAt)));
  return {
    serial: device.serial,
    deviceId: device.deviceId,
    misbehaviours: device.misbehaviours,
    tasks: tasks.filter((task) => task.serial === device.serial).length,
    ...(allEnded &&
      own.length > 0 && {
        sessionsUntilDone: sessionsBetween(
          sessionsOf.get(device.serial) ?? [],
          firstQueuedMs,
          lastEndedMs,
        ).length,
      }),
  };
}

/** One line for the test output and the bench: counts by status, sessions, time to terminal. */
export function chaosSummaryLine(report: ChaosReport): string {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status} ${count}`)
    .join(", ");
  const seconds = (ms: number | undefined) =>
    ms === undefined ? "–" : `${(ms / 1000).toFixed(1)} s`;
  return (
    `chaos fleet: ${report.devices} devices (${report.misbehaving} misbehaving), ` +
    `${report.tasks.length} tasks: ${statuses}; sessions until done p99 ` +
    `${report.sessionsUntilDone.p99 ?? "–"} max ${report.sessionsUntilDone.max ?? "–"}; ` +
    `time to terminal p50 ${seconds(report.timeToTerminalMs.p50)} p99 ` +
    `${seconds(report.timeToTerminalMs.p99)}; 503s ${report.busyResponses}; ` +
    `tasks phase ${seconds(report.elapsedMs.tasks)}, run ${seconds(report.elapsedMs.total)}`
  );
}
