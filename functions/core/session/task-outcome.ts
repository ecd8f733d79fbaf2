import type { CpeMessage } from "../cwmp/cpe-messages.ts";
import { normalizeXsdType } from "../cwmp/xsd-type.ts";
import type { StoredParameter } from "../model/device.ts";
import { maskedValue } from "../model/secret-parameters.ts";
import { maxParameterValueBytes } from "../model/store-limits.ts";
import type { TaskFault, TaskRecord, TaskResult } from "../model/task.ts";
import { moreRpcOutcome } from "./more-rpc-outcome.ts";
import { afterFault } from "./task-policy.ts";
import { rpcMethodForTask } from "./task-rpc.ts";
import { instanceNumbers } from "./unanswered-task.ts";

/** What the ACS learned about the device's parameters from one reply. */
export interface ParameterUpdate {
  /** Merged into what is stored: absent fields keep their stored values. */
  readonly put: readonly StoredParameter[];
  /** Stored names under this path not listed in `put` no longer exist (GetParameterNames refresh, DeleteObject). */
  readonly prune?: { readonly prefix: string; readonly keep: ReadonlySet<string> };
}

export interface TaskOutcome {
  readonly task: TaskRecord;
  readonly parameters: ParameterUpdate;
}

const nothing: ParameterUpdate = { put: [] };

/** What a successful SetParameterValues set; sealed secrets recorded masked, never in clear. */
function valuesSet(
  spec: Extract<TaskRecord["spec"], { name: "setParameterValues" }>,
  now: number,
): StoredParameter[] {
  const sealed = (spec.sealedValues ?? []).map(
    ([name, , type]) => [name, maskedValue, type] as const,
  );
  return [...spec.parameterValues, ...sealed].map(([name, value, type]) => ({
    name,
    value,
    type: normalizeXsdType(type),
    learnedAt: now,
  }));
}

/**
 * Applies the CPE's reply to the RPC of `task` (TR-069 A.3/A.4): the task's
 * new state and the parameter knowledge it brings.
 */
export function taskOutcome(task: TaskRecord, reply: CpeMessage, now: number): TaskOutcome {
  if (reply.method === "Fault") {
    const fault: TaskFault = {
      code: reply.faultCode,
      string: reply.faultString,
      // No FaultCode could be read: the CPE's text is kept, and the task says so.
      ...(reply.unparseable && { raw: reply.unparseable.raw }),
      ...(reply.setParameterValuesFault.length > 0 && {
        parameters: reply.setParameterValuesFault.map((f) => ({
          name: f.parameterName,
          code: f.faultCode,
          string: f.faultString,
        })),
      }),
    };
    return { task: afterFault(task, fault, now), parameters: nothing };
  }
  if (reply.method !== `${rpcMethodForTask(task)}Response`)
    return unexpected(task, reply.method, now);
  const optional = moreRpcOutcome(task, reply, now);
  if (optional) return { task: optional, parameters: nothing };
  const done = (result: TaskResult, parameters: ParameterUpdate = nothing): TaskOutcome => ({
    task: { ...task, status: "done", result, updatedAt: now },
    parameters,
  });
  switch (reply.method) {
    case "GetParameterValuesResponse": {
      if (task.spec.name !== "getParameterValues") break;
      const oversized = reply.parameterList.find(
        (p) => utf8Bytes(p.value) > maxParameterValueBytes,
      );
      if (oversized) return tooLarge(task, oversized.name, utf8Bytes(oversized.value), now);
      // Some CPEs leave an unknown name out instead of faulting 9005 (TR-069 A.3.2.2): say so.
      const missing = missingNames(task.spec.parameterNames, reply.parameterList);
      return done(
        { parameters: reply.parameterList, ...(missing.length > 0 && { missing }) },
        { put: reply.parameterList.map((p) => ({ ...p, learnedAt: now })) },
      );
    }
    case "SetParameterValuesResponse": {
      if (task.spec.name !== "setParameterValues") break;
      return done({ status: reply.status }, { put: valuesSet(task.spec, now) });
    }
    case "GetParameterNamesResponse": {
      if (task.spec.name === "addObject")
        return verifiedAdd(task, task.spec.objectName, reply.parameterList, now);
      if (task.spec.name !== "getParameterNames") break;
      const put = reply.parameterList.map((p) => ({
        name: p.name,
        writable: p.writable,
        learnedAt: now,
      }));
      const complete = !(task.spec.nextLevel ?? false) && task.spec.parameterPath.endsWith(".");
      return done(
        { names: reply.parameterList },
        complete
          ? {
              put,
              prune: { prefix: task.spec.parameterPath, keep: new Set(put.map((p) => p.name)) },
            }
          : { put },
      );
    }
    case "GetParameterAttributesResponse":
      return done({ attributes: reply.parameterList });
    case "AddObjectResponse": {
      if (task.spec.name !== "addObject") break;
      const instance = `${task.spec.objectName}${reply.instanceNumber}.`;
      return done(
        { instanceNumber: reply.instanceNumber, status: reply.status },
        { put: [{ name: instance, learnedAt: now }] },
      );
    }
    case "DeleteObjectResponse":
      if (task.spec.name !== "deleteObject") break;
      return done(
        { status: reply.status },
        { put: [], prune: { prefix: task.spec.objectName, keep: new Set() } },
      );
    case "DownloadResponse":
    case "UploadResponse":
      // Status 1: the transfer goes on; its TransferComplete (CommandKey = task id) ends it.
      if (reply.status === 1)
        return {
          task: { ...task, status: "awaiting-transfer", updatedAt: now },
          parameters: nothing,
        };
      return done({ status: 0, startTime: reply.startTime, completeTime: reply.completeTime });
    case "SetParameterAttributesResponse":
    case "RebootResponse":
    case "FactoryResetResponse":
    case "ScheduleInformResponse":
      return done({});
    default:
      break;
  }
  return unexpected(task, reply.method, now);
}

/**
 * The check after a lost AddObject reply (unanswered-task.ts): exactly one instance that was
 * not there before is the one it created, and is adopted; none means it was never carried out,
 * so AddObject is sent again in a later session; anything else cannot be told apart, and the
 * task ends faulted naming the candidates instead of risking a duplicate.
 */
function verifiedAdd(
  task: TaskRecord,
  objectName: string,
  names: readonly { name: string }[],
  now: number,
): TaskOutcome {
  const current = instanceNumbers(
    objectName,
    names.map((n) => n.name),
  );
  const before = task.addObjectRecovery?.instancesBefore;
  const fresh = before === undefined ? current : current.filter((n) => !before.includes(n));
  const parameters: ParameterUpdate = {
    put: current.map((n) => ({ name: `${objectName}${n}.`, learnedAt: now })),
  };
  const recovery = { ...task.addObjectRecovery, verifying: false };
  const [adopted] = fresh;
  if (fresh.length === 0) {
    return {
      task: { ...task, status: "pending", addObjectRecovery: recovery, updatedAt: now },
      parameters,
    };
  }
  if (before !== undefined && fresh.length === 1 && adopted !== undefined) {
    const result: TaskResult = { instanceNumber: adopted, status: 0, adopted: true };
    return {
      task: { ...task, status: "done", result, addObjectRecovery: recovery, updatedAt: now },
      parameters,
    };
  }
  return {
    task: {
      ...task,
      status: "faulted",
      result: { candidates: fresh },
      reason: "AddObject reply lost: the instance it created cannot be told apart",
      addObjectRecovery: recovery,
      updatedAt: now,
    },
    parameters,
  };
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** A value the store cannot hold (store-limits.ts): the task fails saying so, nothing is written. */
function tooLarge(task: TaskRecord, name: string, bytes: number, now: number): TaskOutcome {
  const fault = {
    code: 8003,
    string: `value of ${name} is ${bytes} bytes; the ACS stores at most ${maxParameterValueBytes}`,
  };
  return { task: afterFault(task, fault, now), parameters: nothing };
}

/** Requested names the answer does not cover (a partial path is covered by any name under it). */
function missingNames(
  requested: readonly string[],
  answered: readonly { name: string }[],
): string[] {
  return requested.filter((name) =>
    name.endsWith(".") || name === ""
      ? !answered.some((p) => p.name.startsWith(name))
      : !answered.some((p) => p.name === name),
  );
}

/** A reply that does not answer the RPC we sent: the task fails with 8003 (not retried). */
function unexpected(task: TaskRecord, method: string, now: number): TaskOutcome {
  return {
    task: afterFault(
      task,
      { code: 8003, string: `unexpected reply ${method} to ${task.spec.name}` },
      now,
    ),
    parameters: nothing,
  };
}

/**
 * TransferComplete (TR-069 A.3.3.2) for a task waiting on it; FaultCode 0 is success. A
 * failed transfer follows the retry policy of RPC faults (task-policy.ts): 9010 and the
 * other transient codes are tried again in a later session while attempts remain.
 */
export function transferCompleted(
  task: TaskRecord,
  transfer: {
    faultStruct: { faultCode: number; faultString: string };
    startTime: string;
    completeTime: string;
  },
  now: number,
): TaskRecord {
  if (transfer.faultStruct.faultCode === 0) {
    return {
      ...task,
      status: "done",
      result: { status: 0, startTime: transfer.startTime, completeTime: transfer.completeTime },
      updatedAt: now,
    };
  }
  const fault = { code: transfer.faultStruct.faultCode, string: transfer.faultStruct.faultString };
  return afterFault(task, fault, now, "transfer-fault");
}
