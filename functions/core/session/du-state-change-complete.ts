import type { CpeMessageOf } from "../cwmp/cpe-messages.ts";
import type { OpResultStruct } from "../cwmp/shared-structs.ts";
import type { DuOperationResult } from "../model/more-rpc-task-specs.ts";
import type { TaskRecord } from "../model/task.ts";
import type { ParameterUpdate } from "./task-outcome.ts";
import { afterFault } from "./task-policy.ts";

/** What a DUStateChangeComplete settles: its task, and what the results say of the DUs. */
export interface DuStateChangeSettlement {
  readonly task: TaskRecord;
  /** One update per result that names its DeploymentUnit (TR-157 DeploymentUnit.{i}.). */
  readonly parameters: readonly ParameterUpdate[];
}

/** TR-069 A.4.2.1 ExecutionUnitRefList: a comma-separated list of ExecutionUnit paths. */
function splitRefs(list: string): string[] {
  return list
    .split(",")
    .map((ref) => ref.trim())
    .filter((ref) => ref !== "");
}

export function duOperationResult(op: OpResultStruct): DuOperationResult {
  return {
    uuid: op.uuid,
    deploymentUnitRef: op.deploymentUnitRef,
    version: op.version,
    currentState: op.currentState,
    resolved: op.resolved,
    executionUnitRefList: splitRefs(op.executionUnitRefList),
    startTime: op.startTime,
    completeTime: op.completeTime,
    ...(op.fault.faultCode !== 0 && {
      fault: { code: op.fault.faultCode, string: op.fault.faultString },
    }),
  };
}

/**
 * The DeploymentUnit a result names, as far as the result tells (TR-157 DeploymentUnit.{i}.
 * UUID, Version, Status, ExecutionUnitList): an installed or updated DU is written, an
 * uninstalled one removed. Its other parameters (Name, DUID, ...) come from a
 * GetParameterValues of the SoftwareModules object.
 */
function duParameters(result: DuOperationResult, now: number): ParameterUpdate | undefined {
  const ref = result.deploymentUnitRef.replace(/\.?$/, ".");
  if (ref === ".") return undefined;
  if (result.currentState === "Uninstalled")
    return { put: [], prune: { prefix: ref, keep: new Set() } };
  if (result.currentState !== "Installed") return undefined;
  const value = (name: string, text: string) => ({
    name: `${ref}${name}`,
    value: text,
    type: "string" as const,
    learnedAt: now,
  });
  return {
    put: [
      value("UUID", result.uuid),
      value("Version", result.version),
      value("Status", result.currentState),
      value("ExecutionUnitList", result.executionUnitRefList.join(",")),
    ],
  };
}

/** The parameter updates of a DUStateChangeComplete's or AutonomousDUStateChangeComplete's results. */
export function duParameterUpdates(
  results: readonly DuOperationResult[],
  now: number,
): ParameterUpdate[] {
  return results
    .map((result) => duParameters(result, now))
    .filter((update) => update !== undefined);
}

/**
 * DUStateChangeComplete (TR-069 A.4.2.1) for the ChangeDUState task whose id is its
 * CommandKey: done when every operation succeeded. When every operation failed, the first
 * fault follows the retry policy of RPC faults (task-policy.ts); when only some failed the task
 * ends faulted at once, since sending the whole ChangeDUState again would repeat the
 * operations that succeeded. The per-operation results are kept either way.
 */
export function duStateChangeCompleted(
  task: TaskRecord,
  message: CpeMessageOf<"DUStateChangeComplete">,
  now: number,
): DuStateChangeSettlement {
  const duResults = message.results.map(duOperationResult);
  const parameters = duParameterUpdates(duResults, now);
  const failed = duResults.filter((result) => result.fault !== undefined);
  const [first] = failed;
  const result = { duResults };
  if (first?.fault === undefined)
    return { task: { ...task, status: "done", result, updatedAt: now }, parameters };
  if (failed.length === duResults.length)
    return {
      task: { ...afterFault(task, first.fault, now, "transfer-fault"), result },
      parameters,
    };
  return {
    task: {
      ...task,
      status: "faulted",
      fault: first.fault,
      reason: `${failed.length} of ${duResults.length} DU operations failed`,
      history: [
        ...(task.history ?? []),
        { at: now, outcome: "transfer-fault", fault: first.fault },
      ],
      result,
      updatedAt: now,
    },
    parameters,
  };
}
