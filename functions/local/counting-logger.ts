import type { Logger } from "../ports.ts";
import type { ActivityCounter } from "./activity-counter.ts";

/**
 * The logger the local ACS's services get: every call goes on to `logger` (which filters by
 * level), and the calls marking the end of a session or a connection request's outcome are
 * counted first, whatever the level, for the periodic summary.
 */
export function createCountingLogger(options: {
  readonly logger: Logger;
  readonly counter: ActivityCounter;
}): Logger {
  const { logger, counter } = options;
  const count = (message: string, fields?: Readonly<Record<string, unknown>>): void => {
    if (sessionEnds.has(message)) counter.record("sessionEnded");
    // The sender logs each final outcome of a connection request once (wake-device.ts);
    // a retry scheduled is not final, the message comes back.
    if (message === "connection request" && fields?.outcome !== "retry-scheduled")
      counter.record(fields?.outcome === "delivered" ? "crDelivered" : "crFailed");
  };
  return {
    info: (message, fields) => {
      count(message, fields);
      logger.info(message, fields);
    },
    warn: (message, fields) => {
      count(message, fields);
      logger.warn(message, fields);
    },
    error: (message, fields) => {
      count(message, fields);
      logger.error(message, fields);
    },
  };
}

/** Closed by the ACS (services/next-rpc.ts), or found given up (services/open-session.ts). */
const sessionEnds: ReadonlySet<string> = new Set([
  "session closed",
  "session ended at the exchange limit",
  "session abandoned",
]);
