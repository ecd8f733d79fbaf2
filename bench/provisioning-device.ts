import { openXmppEndpoint } from "../functions/adapters/xmpp/xmpp-endpoint.ts";
import type { CwmpCodec } from "../functions/core/cwmp/index.ts";
import { deviceIdOf } from "../functions/core/model/device-id.ts";
import {
  createSimulatedCpe,
  type SessionRecord,
  type SimulatedCpe,
} from "../functions/simulator/cpe.ts";
import type { CrListener } from "../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../functions/simulator/fleet.ts";

/**
 * One simulated CPE of the provisioning benchmark, watched from the simulator side: when it
 * booted, every session it ran (from its observer), when its XMPP login first succeeded (the
 * endpoint opener is wrapped), and when it became ready for XMPP connection requests: the end of
 * its first completed session that started after that login, i.e. the one whose Inform carried
 * ConnReqJabberID (a VALUE CHANGE, TR-069 Annex K).
 */
export interface ProvisionedDevice {
  readonly serial: string;
  readonly id: string;
  readonly cpe: SimulatedCpe;
  /** performance.now() times, ms. */
  readonly bootAt: number | undefined;
  readonly boundAt: number | undefined;
  readonly readyAt: number | undefined;
  /** Every session that ended, in order (the CPE itself keeps only the last 20). */
  readonly sessions: readonly EndedSession[];
  /** XMPP logins refused or failed before the first success (e.g. no account yet). */
  readonly loginFailures: number;
  readonly lastLoginError: string | undefined;
  /** Powers it on; `ready` settles when it is ready. */
  boot(): void;
  readonly ready: Promise<void>;
}

export interface EndedSession {
  readonly startAt: number;
  readonly endAt: number;
  readonly events: readonly string[];
  readonly result: SessionRecord["result"]["kind"];
  /** HTTP exchanges of a completed session. */
  readonly exchanges: number | undefined;
  readonly error: string | undefined;
}

export interface ProvisionedDeviceOptions {
  readonly serial: string;
  readonly acsUrl: string;
  readonly codec: CwmpCodec;
  readonly listener: CrListener;
  /** The XMPP server's certificate (self-signed) the CPE must trust. */
  readonly tlsCa: string;
  /** ServerRetryInitialInterval override, ms (the TR-181 default is 60 s). */
  readonly xmppRetryInitialMs: number;
}

export function createProvisionedDevice(options: ProvisionedDeviceOptions): ProvisionedDevice {
  const { serial } = options;
  const sessions: EndedSession[] = [];
  let bootAt: number | undefined;
  let boundAt: number | undefined;
  let readyAt: number | undefined;
  let loginFailures = 0;
  let lastLoginError: string | undefined;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const cpe = createSimulatedCpe({
    serialNumber: serial,
    acsUrl: options.acsUrl,
    codec: options.codec,
    connectionRequestUrl: options.listener.urlFor(serial),
    // A 503 under load is retried soon rather than after the TR-069 default of 5 s and up.
    retryMinWaitSec: 1,
    xmpp: {
      tlsCa: options.tlsCa,
      retryInitialMs: options.xmppRetryInitialMs,
      openEndpoint: async (endpointOptions) => {
        try {
          const endpoint = await openXmppEndpoint(endpointOptions);
          boundAt ??= performance.now();
          return endpoint;
        } catch (error) {
          if (boundAt === undefined) {
            loginFailures += 1;
            lastLoginError = error instanceof Error ? error.name : String(error);
          }
          throw error;
        }
      },
    },
    observer: {
      onSessionEnd: (_serial, record) => {
        const endAt = performance.now();
        const startAt = endAt - record.durationMs;
        const { result } = record;
        sessions.push({
          startAt,
          endAt,
          events: record.events.map((event) => event.eventCode),
          result: result.kind,
          exchanges: result.kind === "completed" ? result.exchanges : undefined,
          error:
            result.kind === "failed" ? `${result.error.name}: ${result.error.message}` : undefined,
        });
        if (
          readyAt === undefined &&
          result.kind === "completed" &&
          boundAt !== undefined &&
          startAt >= boundAt
        ) {
          readyAt = endAt;
          markReady();
        }
      },
    },
  });
  options.listener.register(serial, crTargetOf(cpe));
  return {
    serial,
    id: deviceIdOf({
      oui: cpe.profile.oui,
      productClass: cpe.profile.productClass,
      serialNumber: serial,
    }),
    cpe,
    get bootAt() {
      return bootAt;
    },
    get boundAt() {
      return boundAt;
    },
    get readyAt() {
      return readyAt;
    },
    sessions,
    get loginFailures() {
      return loginFailures;
    },
    get lastLoginError() {
      return lastLoginError;
    },
    boot: () => {
      bootAt = performance.now();
      cpe.start();
    },
    ready,
  };
}
