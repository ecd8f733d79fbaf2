import {
  XmppAuthenticationError,
  XmppConnectError,
  XmppConnectTimeoutError,
  XmppSessionStoppedError,
} from "../adapters/xmpp/errors.ts";
import {
  openXmppEndpoint,
  type XmppEndpoint,
  type XmppEndpointOptions,
} from "../adapters/xmpp/xmpp-endpoint.ts";
import type { DataModel } from "./data-model.ts";
import { CpeFaultError } from "./errors.ts";
import { formatDateTime } from "./param-value.ts";
import { retryDelayMs } from "./retry-backoff.ts";
import {
  type CpeXmppConfig,
  type DomainResolver,
  readCpeXmppConfig,
  serviceUrl,
} from "./xmpp-config.ts";
import { answerXmppConnectionRequest } from "./xmpp-cr-answer.ts";

/** TR-181 XMPP.Connection.{i}.Status values the simulated device reports. */
export type XmppConnectionStatus =
  | "Disabled"
  | "Connecting"
  | "Enabled"
  | "ServerNotPresent"
  | "Error_Misconfigured"
  | "Error_AuthenticationFailure"
  | "Error";

export interface CpeXmppClientOptions {
  /** The current tree (a factory reset replaces it). */
  readonly model: () => DataModel;
  readonly connectionRequest: () => "accepted" | "busy";
  /** Parameters the device itself changed (Status, JabberID, ConnReqJabberID, ...). */
  readonly onValueChange: (paths: readonly string[]) => void;
  /** @default the adapter's openXmppEndpoint (the only way to @xmpp/*); replaceable in tests. */
  readonly openEndpoint?: (options: XmppEndpointOptions) => Promise<XmppEndpoint>;
  /** Extra trusted CA (PEM), e.g. a test server's self-signed certificate. */
  readonly tlsCa?: string | readonly string[];
  /** @default true */
  readonly tlsRejectUnauthorized?: boolean;
  /** Overrides ServerRetryInitialInterval (ms) for fast tests. */
  readonly retryInitialMs?: number;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Where a Domain without Server entries is served (DNS SRV stand-in). @default Domain:5222 */
  readonly resolveDomain?: DomainResolver;
  readonly random: () => number;
}

export interface CpeXmppClient {
  /** Connects, reconnects or disconnects to match the data model; cheap when nothing changed. */
  reconcile(): void;
  /** Closes the stream; the model keeps its values (a reboot reconnects with them). */
  stop(): Promise<void>;
}

interface Run {
  readonly key: string;
  readonly config: CpeXmppConfig;
  readonly abort: AbortController;
  endpoint: XmppEndpoint | undefined;
  wake: () => void;
  done: Promise<void>;
}

function statusFor(error: unknown): XmppConnectionStatus {
  if (error instanceof XmppAuthenticationError) return "Error_AuthenticationFailure";
  if (error instanceof XmppConnectError || error instanceof XmppConnectTimeoutError) {
    return "ServerNotPresent";
  }
  return "Error";
}

/**
 * The device side of TR-069 Annex K: keeps the XMPP connection that
 * ManagementServer.ConnReqXMPPConnection references logged in, mirrors it in
 * XMPP.Connection.{i}.Status / JabberID, and answers connection-request IQs.
 */
export function createCpeXmppClient(options: CpeXmppClientOptions): CpeXmppClient {
  let run: Run | undefined;
  let retired: Promise<void>[] = [];
  const update = (base: string, values: Record<string, string>): void =>
    updateDeviceValues(options, base, values);

  /** Connect, stay online until the stream drops, back off, repeat: until aborted. */
  const loop = async (current: Run): Promise<void> => {
    const { base } = current.config;
    let attempt = 0;
    while (!current.abort.signal.aborted) {
      update(base, { Status: "Connecting" });
      try {
        const endpoint = await connect(options, current);
        if (current.abort.signal.aborted) {
          await endpoint.close();
          return;
        }
        current.endpoint = endpoint;
        attempt = 0;
        update(base, {
          Status: "Enabled",
          JabberID: endpoint.boundJid,
          TLSEstablished: String(endpoint.secure),
        });
        await endpoint.closed;
        current.endpoint = undefined;
      } catch (error) {
        if (error instanceof XmppSessionStoppedError || current.abort.signal.aborted) return;
        update(base, { Status: statusFor(error), TLSEstablished: "false" });
      }
      if (current.abort.signal.aborted) return;
      attempt += 1;
      await sleepUnlessWoken(current, retryDelay(options, base, attempt));
    }
  };

  const retire = (current: Run): void => {
    current.abort.abort();
    current.wake();
    const closing = current.endpoint?.close() ?? Promise.resolve();
    const finished = Promise.all([closing, current.done]).then(() => {
      retired = retired.filter((promise) => promise !== finished);
    });
    retired.push(finished);
  };

  return {
    reconcile: () => {
      const result = readCpeXmppConfig(options.model(), options.resolveDomain);
      const key = JSON.stringify(result);
      if (run?.key === key) return;
      if (run !== undefined) retire(run);
      run = undefined;
      if (result.kind === "none") {
        if (result.base !== undefined) update(result.base, { Status: "Disabled" });
        return;
      }
      if (result.kind === "misconfigured") {
        update(result.base, { Status: "Error_Misconfigured" });
        return;
      }
      const current: Run = {
        key,
        config: result.config,
        abort: new AbortController(),
        endpoint: undefined,
        wake: () => {},
        done: Promise.resolve(),
      };
      current.done = loop(current);
      run = current;
    },
    stop: async () => {
      if (run !== undefined) retire(run);
      run = undefined;
      await Promise.all(retired);
    },
  };
}

/** Sets device-owned values and reports what changed, ConnReqJabberID included. */
function updateDeviceValues(
  options: CpeXmppClientOptions,
  base: string,
  values: Record<string, string>,
): void {
  const model = options.model();
  const jidPath = `${model.root}ManagementServer.ConnReqJabberID`;
  const before = model.read(jidPath);
  const changed: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const path = `${base}${name}`;
    try {
      if (model.read(path) === value) continue;
      model.setInternal(path, value);
      changed.push(path);
    } catch (error) {
      if (error instanceof CpeFaultError) return; // instance deleted meanwhile: nothing to say
      throw error;
    }
  }
  if (changed.some((path) => path.endsWith(".Status"))) {
    model.setInternal(`${base}LastChangeDate`, formatDateTime(Date.now()));
  }
  if (model.read(jidPath) !== before) changed.push(jidPath);
  if (changed.length > 0) options.onValueChange(changed);
}

/** TR-181 ServerRetryInitialInterval/IntervalMultiplier/MaxInterval, like TR-069 3.2.1.1. */
function retryDelay(options: CpeXmppClientOptions, base: string, attempt: number): number {
  const model = options.model();
  const read = (name: string, fallback: number) => {
    const value = Number(model.read(`${base}${name}`));
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const initialSec =
    (options.retryInitialMs ?? read("ServerRetryInitialInterval", 60) * 1000) / 1000;
  const delay = retryDelayMs(
    { minWaitSec: initialSec, multiplier: read("ServerRetryIntervalMultiplier", 2000) },
    attempt,
    options.random,
  );
  return Math.min(delay, read("ServerRetryMaxInterval", 30720) * 1000);
}

/** Waits ms, or less when the run is retired (its wake() is called). */
function sleepUnlessWoken(current: Run, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    current.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

function connect(options: CpeXmppClientOptions, current: Run): Promise<XmppEndpoint> {
  const { config } = current;
  const model = options.model;
  const ms = (name: string) => model().read(`${model().root}ManagementServer.${name}`);
  const open = options.openEndpoint ?? openXmppEndpoint;
  return open({
    service: serviceUrl(config),
    domain: config.domain,
    username: config.username,
    password: config.password,
    resource: config.resource,
    requireTls: config.useTls,
    tlsRejectUnauthorized: options.tlsRejectUnauthorized ?? true,
    ...(options.tlsCa === undefined ? {} : { tlsCa: options.tlsCa }),
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    signal: current.abort.signal,
    onIq: (iq) =>
      answerXmppConnectionRequest(iq, {
        allowedJabberIds: ms("ConnReqAllowedJabberIDs"),
        username: ms("ConnectionRequestUsername"),
        password: ms("ConnectionRequestPassword"),
        connectionRequest: options.connectionRequest,
      }),
  });
}
