import type { AllQueuedTransferStruct, ScheduleDownloadArguments } from "../core/cwmp/index.ts";
import { CpeFaultError } from "./errors.ts";

/**
 * The device's queue of ScheduleDownload transfers (TR-069 A.4.1.8), as GetQueuedTransfers,
 * GetAllQueuedTransfers (A.4.1.1, A.4.1.7) and CancelTransfer (A.4.1.9) see it: queued (state
 * 1) until its window opens, in progress (2) until it ends, then gone.
 */
export interface ScheduledTransfers {
  add(request: ScheduleDownloadArguments): void;
  list(): AllQueuedTransferStruct[];
  /** Not yet started: removed. Started or unknown: fault 9021 (A.4.1.9). */
  cancel(commandKey: string): void;
  /** The window opened: false when it was cancelled meanwhile. */
  start(commandKey: string): boolean;
  finish(commandKey: string): void;
}

export function createScheduledTransfers(): ScheduledTransfers {
  const queue = new Map<string, { request: ScheduleDownloadArguments; state: 1 | 2 }>();
  return {
    add: (request) => void queue.set(request.commandKey, { request, state: 1 }),
    list: () =>
      [...queue.values()].map(({ request, state }) => ({
        commandKey: request.commandKey,
        state,
        isDownload: true,
        fileType: request.fileType,
        fileSize: request.fileSize,
        targetFileName: request.targetFileName,
      })),
    cancel: (commandKey) => {
      if (queue.get(commandKey)?.state !== 1)
        throw new CpeFaultError(9021, `${commandKey} is not a transfer waiting to start`);
      queue.delete(commandKey);
    },
    start: (commandKey) => {
      const entry = queue.get(commandKey);
      if (entry === undefined) return false;
      entry.state = 2;
      return true;
    },
    finish: (commandKey) => void queue.delete(commandKey),
  };
}
