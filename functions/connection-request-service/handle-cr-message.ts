import { createRandomIdSource } from "../adapters/random-id-source.ts";
import type { BusyBackoffSettings } from "../core/connection-request/busy-backoff.ts";
import { type CrMethod, defaultCrMethods } from "../core/connection-request/cr-methods.ts";
import type { MessageDisposition } from "../core/connection-request/message-disposition.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import { assertNever } from "../core/session/assert-never.ts";
import {
  type CrMessage,
  InvalidCrMessageError,
  parseCrMessage,
} from "../messages/connection-request-message.ts";
import type {
  Clock,
  CrCredentialSource,
  CrMetrics,
  DeviceStore,
  EventSink,
  HttpCrSender,
  IdSource,
  Logger,
  QueueMessage,
  SecretSealer,
  UdpCrSender,
  XmppAccountCreator,
  XmppCrSender,
} from "../ports.ts";
import type { TaskSecrets } from "../tasks/task-secrets.ts";
import { type CrRecorder, createCrRecorder } from "./create-cr-recorder.ts";
import { type AccountDeps, createXmppAccount } from "./create-xmpp-account.ts";
import type { MessageTaskStore } from "./queue-message-task.ts";
import { type WakeContext, wakeDevice } from "./wake-device.ts";

export interface CrHandlerSettings {
  /** A CR delivered less than this long ago is not sent again. */
  readonly dedupWindowMs: number;
  readonly xmppTimeoutMs: number;
  readonly busy: BusyBackoffSettings;
  /** ACS_CR_METHODS. @default xmpp, http, udp */
  readonly methods?: readonly CrMethod[];
}

export interface CrHandlerDeps {
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
  /** Seals secret values of the tasks messages carry; absent: such tasks are dead-lettered. */
  readonly taskSecrets?: TaskSecrets;
  readonly credentials: CrCredentialSource;
  /** Undefined when XMPP is not configured. */
  readonly xmpp: XmppCrSender | undefined;
  /** Creates CPE accounts (XEP-0133); undefined without an XMPP session. */
  readonly accounts?: XmppAccountCreator;
  /** Opens sealed per-device secrets (ACS_SECRETS_KEY); undefined when not configured. */
  readonly sealer?: SecretSealer;
  readonly sendHttp: HttpCrSender;
  /** UDP CRs from the STUN server's socket; undefined when ACS_STUN_PORT is not served here. */
  readonly sendUdp?: UdpCrSender;
  /** Where ConnectionRequestFailed is published; undefined: not published. */
  readonly events?: EventSink;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  readonly settings: CrHandlerSettings;
  /** Uniform in [0, 1), for back-off jitter. @default Math.random */
  readonly random?: () => number;
}

export type CrMessageHandler = (message: QueueMessage) => Promise<MessageDisposition>;

/**
 * Handles one queue message end to end and says what to do with it. Expected failures become
 * a disposition; store failures throw (the poller then retries the message later). The steps
 * return what happened; the recorder is the one place that stores and publishes it.
 */
export function createCrMessageHandler(deps: CrHandlerDeps): CrMessageHandler {
  const { logger, metrics, clock, settings } = deps;
  const recorder = createCrRecorder(deps);
  const wake: WakeContext = {
    ...deps,
    ids: deps.ids ?? createRandomIdSource(),
    delivery: { ...deps, xmppTimeoutMs: settings.xmppTimeoutMs },
    recorder,
    dedupWindowMs: settings.dedupWindowMs,
    methods: settings.methods ?? defaultCrMethods,
    busy: settings.busy,
    random: deps.random ?? Math.random,
  };
  const account: AccountDeps = {
    accounts: deps.accounts,
    sealer: deps.sealer,
    clock,
    logger,
    metrics,
    timeoutMs: settings.xmppTimeoutMs,
  };
  return async (queued) => {
    let message: CrMessage;
    try {
      message = parseCrMessage(queued.body);
    } catch (error) {
      if (!(error instanceof InvalidCrMessageError)) throw error;
      metrics.count("CrDeadLettered");
      logger.warn("invalid connection-request message", {
        messageId: queued.messageId,
        reason: error.reason,
      });
      return { kind: "dead-letter", reason: error.reason };
    }
    switch (message.action) {
      case "connection-request":
        return wakeDevice(wake, queued, message);
      case "create-xmpp-account":
        return createAccount(deps, account, recorder, message.deviceId);
      default:
        return assertNever(message);
    }
  };
}

/** The built-in XMPP profile's account request; an unknown device has nothing to create. */
async function createAccount(
  deps: Pick<CrHandlerDeps, "devices">,
  account: AccountDeps,
  recorder: CrRecorder,
  deviceId: string,
): Promise<MessageDisposition> {
  const device = await deps.devices.getDevice(deviceId);
  if (device === undefined) return { kind: "delete" };
  const result = await createXmppAccount(account, device);
  if (result.status !== undefined) await recorder.account(device.id, result.status);
  return result.disposition;
}
