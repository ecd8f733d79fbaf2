import type { CpeMessage } from "../cwmp/cpe-messages.ts";
import type { TaskRecord, TaskResult } from "../model/task.ts";

/**
 * The replies to the optional RPCs of TR-069 A.4.1 that answer their task (undefined for any
 * other reply, left to taskOutcome). ScheduleDownload and ChangeDUState are only accepted by
 * their response: the TransferComplete or DUStateChangeComplete naming the task id as
 * CommandKey ends them (A.4.1.8, A.4.1.10), maybe in a later session.
 */
export function moreRpcOutcome(
  task: TaskRecord,
  reply: CpeMessage,
  now: number,
): TaskRecord | undefined {
  const done = (result: TaskResult): TaskRecord => ({
    ...task,
    status: "done",
    result,
    updatedAt: now,
  });
  switch (reply.method) {
    case "ScheduleDownloadResponse":
      if (task.spec.name !== "scheduleDownload") return undefined;
      return { ...task, status: "awaiting-transfer", updatedAt: now };
    case "ChangeDUStateResponse":
      if (task.spec.name !== "changeDUState") return undefined;
      return { ...task, status: "awaiting-transfer", updatedAt: now };
    case "CancelTransferResponse":
      return task.spec.name === "cancelTransfer" ? done({}) : undefined;
    case "GetQueuedTransfersResponse":
    case "GetAllQueuedTransfersResponse":
      return task.spec.name === "getQueuedTransfers" || task.spec.name === "getAllQueuedTransfers"
        ? done({ transfers: reply.transferList })
        : undefined;
    case "GetRPCMethodsResponse":
      return task.spec.name === "getRPCMethods" ? done({ methods: reply.methodList }) : undefined;
    default:
      return undefined;
  }
}
