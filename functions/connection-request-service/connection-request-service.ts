import type { SQSClient } from "@aws-sdk/client-sqs";
import type { XmppSession, XmppSessionStatus } from "../adapters/xmpp/index.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import type { Clock, DeviceStore, IdSource, Logger, SecretSealer } from "../ports.ts";
import type { BusyBackoffSettings } from "./busy-backoff.ts";
import { ServiceStateError } from "./errors.ts";
import { createCrMessageHandler } from "./handle-cr-message.ts";
import type { MessageTaskStore } from "./queue-message-task.ts";
import { createSqsPoller, type PollerState, type StopReport } from "./sqs-poller.ts";
import type { CrCredentialSource, CrMetrics, HttpCrSender } from "./types.ts";

export interface ConnectionRequestServiceConfig {
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly concurrency: number;
  /** 10 against SQS; 1 against local-aws-sqs, which otherwise waits the whole poll. */
  readonly receiveBatchSize: number;
  readonly waitTimeSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly heartbeatIntervalSeconds: number;
  readonly errorRetrySeconds: number;
  readonly dedupWindowMs: number;
  readonly xmppTimeoutMs: number;
  readonly busy: BusyBackoffSettings;
  /** Unhealthy when neither a receive nor a settle succeeded for this long. */
  readonly healthStaleMs: number;
}

/** Everything injected: the Fargate main builds real ones, tests and the local ACS their own. */
export interface ConnectionRequestServiceDeps {
  readonly sqs: Pick<SQSClient, "send">;
  readonly devices: Pick<
    DeviceStore,
    "getDevice" | "recordConnectionRequest" | "recordXmppAccount"
  >;
  /** Queues the task a message may carry (same table as `devices`). */
  readonly tasks: MessageTaskStore;
  /** Task ids. @default createRandomIdSource() */
  readonly ids?: Pick<IdSource, "sortableId">;
  /** Lifetime and attempts of the tasks messages carry (config/task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
  readonly credentials: CrCredentialSource;
  /** Undefined when XMPP is off; the service starts and stops it. */
  readonly xmpp:
    | Pick<
        XmppSession,
        "start" | "stop" | "status" | "fatalError" | "sendConnectionRequest" | "addUser"
      >
    | undefined;
  /** The XMPP session's domain, where CPE accounts are created (issue 6). */
  readonly xmppDomain?: string;
  /** Opens sealed per-device secrets; undefined without ACS_SECRETS_KEY. */
  readonly sealer?: SecretSealer;
  readonly sendHttp: HttpCrSender;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  readonly config: ConnectionRequestServiceConfig;
  /** Uniform in [0, 1), for back-off jitter. @default Math.random */
  readonly random?: () => number;
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
    settings: {
      dedupWindowMs: config.dedupWindowMs,
      xmppTimeoutMs: config.xmppTimeoutMs,
      busy: config.busy,
    },
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
