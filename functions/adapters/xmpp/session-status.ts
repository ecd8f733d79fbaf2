import type { Logger } from "../../ports.ts";
import type { XmppSessionStatus, XmppStatusListener } from "./types.ts";
import { describeError } from "./xmpp-connection.ts";

export interface SessionStatusOptions {
  logger: Logger;
}

/** The owner of a session's lifecycle state: it starts "idle" and changes only through set(). */
export interface SessionStatus {
  readonly current: XmppSessionStatus;
  /** The only place the status changes; listeners hear every change once. */
  set(next: XmppSessionStatus): void;
  onStatus(listener: XmppStatusListener): () => void;
}

export function createSessionStatus({ logger }: SessionStatusOptions): SessionStatus {
  const listeners = new Set<XmppStatusListener>();
  let current: XmppSessionStatus = "idle";

  return {
    get current() {
      return current;
    },
    set(next) {
      if (next === current) return;
      const previous = current;
      current = next;
      logger.info("xmpp session status", { status: next, previous });
      for (const listener of [...listeners]) {
        try {
          listener(next, previous);
        } catch (error) {
          logger.error("xmpp status listener threw", describeError(error));
        }
      }
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
