import type { CpeMessageOf, EventStruct } from "../core/cwmp/index.ts";

type TransferComplete = CpeMessageOf<"TransferComplete" | "DUStateChangeComplete">;

/**
 * A finished transfer (or ChangeDUState, TR-069 A.4.2.1) waiting to be reported, with the M
 * event that names it.
 */
export interface PendingTransfer {
  readonly message: TransferComplete;
  /** "M Download", "M Upload", "M ScheduleDownload", "M ChangeDUState" (TR-069 3.7.1.5 Table 7). */
  readonly eventCode: "M Download" | "M Upload" | "M ScheduleDownload" | "M ChangeDUState";
}

/**
 * Events and transfer results not yet delivered to the ACS (TR-069 3.7.1.5).
 * An event is dropped once an InformResponse acknowledged the Inform that
 * carried it; a transfer result once its TransferCompleteResponse arrived,
 * and until then every Inform repeats "7 TRANSFER COMPLETE" with its M event.
 * A `lateTransferComplete` device holds a finished transfer back until a session
 * that is not a boot session (a misbehaviour: TR-069 3.7.1.5 wants it at once).
 */
export interface EventQueue {
  add(eventCode: string, commandKey?: string): void;
  addTransfer(transfer: PendingTransfer): void;
  /** Anything that warrants a session. */
  pending(): boolean;
  /** Events for the next Inform; held transfers join now unless it carries 1 BOOT. */
  informEvents(): EventStruct[];
  transferRequests(): TransferComplete[];
  /** The InformResponse arrived for an Inform that carried `sent`. */
  acknowledge(sent: readonly EventStruct[]): void;
  transferAcknowledged(message: TransferComplete): void;
  /** Single events other than BOOT/BOOTSTRAP do not survive a reboot (Table 7, simplified). */
  clearForReboot(): void;
}

export function createEventQueue(
  options: { readonly lateTransferComplete?: boolean } = {},
): EventQueue {
  let events: EventStruct[] = [];
  let transfers: PendingTransfer[] = [];
  const held: PendingTransfer[] = [];
  const same = (a: EventStruct, b: EventStruct): boolean =>
    a.eventCode === b.eventCode && a.commandKey === b.commandKey;

  return {
    add: (eventCode, commandKey = "") => {
      const event = { eventCode, commandKey };
      if (!events.some((known) => same(known, event))) events.push(event);
    },
    addTransfer: (transfer) => {
      if (options.lateTransferComplete === true) held.push(transfer);
      else transfers.push(transfer);
    },
    pending: () => events.length > 0 || transfers.length > 0,
    informEvents: () => {
      if (!events.some((event) => event.eventCode === "1 BOOT")) transfers.push(...held.splice(0));
      const result = [...events];
      const single = (method: TransferComplete["method"], eventCode: string): void => {
        if (transfers.some((transfer) => transfer.message.method === method))
          result.push({ eventCode, commandKey: "" });
      };
      single("TransferComplete", "7 TRANSFER COMPLETE");
      single("DUStateChangeComplete", "11 DU STATE CHANGE COMPLETE");
      for (const transfer of transfers) {
        result.push({ eventCode: transfer.eventCode, commandKey: transfer.message.commandKey });
      }
      return result;
    },
    transferRequests: () => transfers.map((transfer) => transfer.message),
    acknowledge: (sent) => {
      events = events.filter((event) => !sent.some((done) => same(done, event)));
    },
    transferAcknowledged: (message) => {
      transfers = transfers.filter((transfer) => transfer.message !== message);
    },
    clearForReboot: () => {
      events = events.filter((event) => /^(0 BOOTSTRAP|M )/.test(event.eventCode));
    },
  };
}
