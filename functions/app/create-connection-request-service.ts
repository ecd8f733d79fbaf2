import type { SQSClient } from "@aws-sdk/client-sqs";
import { createSqsPoller, type PollerState, type StopReport } from "../adapters/sqs/sqs-poller.ts";
import type { XmppSession, XmppSessionStatus } from "../adapters/xmpp/index.ts";
import type { ConnectionRequestServiceConfig } from "../config/sender-settings.ts";
import {
  type CrHandlerDeps,
  createCrMessageHandler,
} from "../connection-request-service/handle-cr-message.ts";

/** Everything injected: the Fargate main builds real ones, tests and the local ACS their own. */
export interface ConnectionRequestServiceDeps
  extends Omit<CrHandlerDeps, "xmpp" | "accounts" | "settings"> {
  readonly sqs: Pick<SQSClient, "send">;
  /** Undefined when XMPP is off; the service starts and stops it. */
  readonly xmpp:
    | Pick<
        XmppSession,
        "start" | "stop" | "status" | "fatalError" | "sendConnectionRequest" | "addUser"
      >
    | undefined;
  /** The XMPP session's domain (from its JID), where CPE accounts are created. */
  readonly xmppDomain?: string;
  readonly config: ConnectionRequestServiceConfig;
}

export interface ServiceHealth {
  readonly healthy: boolean;
  readonly state: PollerState;
  readonly inFlight: number;
  /** Milliseconds since the last successful receive or settle. */
  readonly idleMs: number | undefined;
  /** XMPP down alone is not unhealthy: HTTP fallback still wakes devices. */
  readonly xmpp: { readonly status: XmppSessionStatus | "disabled"; readonly fatalError?: string };
}

export interface ConnectionRequestService {
  /** Starts polling and (in the background) the XMPP session. Not restartable. */
  start(): Promise<void>;
  /** Stops polling, drains in-flight CRs up to the deadline, then closes the XMPP stream. */
  stop(deadlineMs: number): Promise<StopReport>;
  health(): ServiceHealth;
}

/** start() on a service that is already running or has been stopped (it is not restartable). */
export class ServiceStateError extends Error {
  readonly state: string;

  constructor(operation: string, state: string) {
    super(`cannot ${operation} the connection-request service while ${state}`);
    this.name = "ServiceStateError";
    this.state = state;
  }
}

/** The sender: the message handler behind an SQS poller, with the XMPP session's lifecycle. */
export function createConnectionRequestService(
  deps: ConnectionRequestServiceDeps,
): ConnectionRequestService {
  const { config, logger, clock, xmpp } = deps;
  const handle = createCrMessageHandler({
    ...deps,
    ...(xmpp &&
      deps.xmppDomain !== undefined && {
        accounts: { domain: deps.xmppDomain, addUser: (request) => xmpp.addUser(request) },
      }),
    settings: config,
  });
  const poller = createSqsPoller({ ...config, client: deps.sqs, handle, logger, clock });
  let stopping: Promise<StopReport> | undefined;

  const xmppHealth = (): ServiceHealth["xmpp"] => {
    if (xmpp === undefined) return { status: "disabled" };
    const fatal = xmpp.fatalError;
    return fatal === undefined
      ? { status: xmpp.status }
      : { status: xmpp.status, fatalError: `${fatal.name}: ${fatal.message}` };
  };

  return {
    async start() {
      if (poller.state !== "idle") throw new ServiceStateError("start", poller.state);
      // Not awaited: HTTP works while XMPP connects (or reconnects with back-off).
      xmpp?.start().catch((error: unknown) => {
        logger.error("xmpp session stopped for good; connection requests use http only", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      });
      poller.start();
      logger.info("connection-request service started", {
        concurrency: config.concurrency,
        xmpp: xmpp === undefined ? "disabled" : "enabled",
      });
    },

    stop(deadlineMs) {
      stopping ??= (async () => {
        const report = await poller.stop(deadlineMs);
        await xmpp?.stop().catch(() => {});
        logger.info("connection-request service stopped", { ...report });
        return report;
      })();
      return stopping;
    },

    health() {
      const last = Math.max(poller.lastReceiveOkAt ?? -1, poller.lastSettledAt ?? -1);
      const idleMs = last < 0 ? undefined : clock.now() - last;
      const healthy =
        poller.state === "running" && idleMs !== undefined && idleMs <= config.healthStaleMs;
      return {
        healthy,
        state: poller.state,
        inFlight: poller.inFlight,
        idleMs,
        xmpp: xmppHealth(),
      };
    },
  };
}
