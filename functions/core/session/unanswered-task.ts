import type { MethodEvent } from "../model/inform-facts.ts";
import type { TaskRecord } from "../model/task.ts";
import { assertNever } from "./assert-never.ts";
import { afterNoReply } from "./task-policy.ts";

/** What the current session's opening Inform says happened (TR-069 3.7.1.5). */
export interface InformEvidence {
  readonly events: readonly string[];
  readonly methodEvents?: readonly MethodEvent[];
}

/**
 * A task still `running` when the ACS next looks at it sent an RPC whose reply never came:
 * the session ended first (the CPE died, rebooted, or went quiet past the idle timeout).
 *
 * The Inform may prove that the RPC was carried out anyway: `M Reboot`, `M ScheduleInform`
 * with the task's CommandKey, `M Download`/`M Upload` (the TransferComplete that follows ends
 * the task), and `0 BOOTSTRAP` after a FactoryReset (TR-069 A.3.2.8). Otherwise the send
 * counts as an attempt without a reply (task-policy.ts), and an AddObject is checked before
 * it is sent again (AddObject is not idempotent).
 */
export function settleUnanswered(
  task: TaskRecord,
  evidence: InformEvidence,
  now: number,
): TaskRecord {
  const carriedOut = (code: string, commandKey: string): boolean =>
    (evidence.methodEvents ?? []).some((e) => e.code === code && e.commandKey === commandKey);
  const done = (): TaskRecord => ({ ...task, status: "done", result: {}, updatedAt: now });
  const spec = task.spec;
  switch (spec.name) {
    case "reboot":
      if (carriedOut("M Reboot", task.id)) return done();
      break;
    case "scheduleInform":
      if (carriedOut("M ScheduleInform", spec.commandKey ?? task.id)) return done();
      break;
    case "download":
    case "upload":
      if (carriedOut(spec.name === "download" ? "M Download" : "M Upload", task.id))
        return { ...task, status: "awaiting-transfer", updatedAt: now };
      break;
    // TR-069 3.7.1.5: the M event proves the RPC was accepted; its completion message follows.
    case "scheduleDownload":
    case "changeDUState":
      if (
        carriedOut(
          spec.name === "changeDUState" ? "M ChangeDUState" : "M ScheduleDownload",
          task.id,
        )
      )
        return { ...task, status: "awaiting-transfer", updatedAt: now };
      break;
    case "factoryReset":
      if (evidence.events.includes("0 BOOTSTRAP")) return done();
      break;
    case "addObject": {
      const next = afterNoReply(task, "no-response", now);
      if (next.status !== "pending") return next;
      return {
        ...next,
        addObjectRecovery: { ...task.addObjectRecovery, verifying: true },
      };
    }
    case "getParameterValues":
    case "setParameterValues":
    case "getParameterNames":
    case "getParameterAttributes":
    case "setParameterAttributes":
    case "deleteObject":
    case "cancelTransfer":
    case "getQueuedTransfers":
    case "getAllQueuedTransfers":
    case "getRPCMethods":
      break;
    default:
      return assertNever(spec);
  }
  return afterNoReply(task, "no-response", now);
}

/** Instance numbers of `objectName` ("X.Table.") among parameter or object names. */
export function instanceNumbers(objectName: string, names: Iterable<string>): number[] {
  const found = new Set<number>();
  for (const name of names) {
    if (!name.startsWith(objectName)) continue;
    const match = /^(\d+)\./.exec(name.slice(objectName.length));
    if (match?.[1] !== undefined) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}
