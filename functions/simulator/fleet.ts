import { createCwmpCodec } from "../core/cwmp/index.ts";
import {
  type CpeObserver,
  createSimulatedCpe,
  type SimulatedCpe,
  type SimulatedCpeOptions,
} from "./cpe.ts";
import { type CrListener, type CrTarget, createCrListener } from "./cr-listener.ts";
import { createFleetStatsRecorder, type FleetStats, percentile } from "./fleet-stats.ts";
import type { CpeTlsOptions } from "./http-post.ts";
import type { Misbehaviours } from "./misbehaviours.ts";
import { createStatusPrinter, isTerminal } from "./status-printer.ts";

/** Device settings the fleet passes to every device (identity and ACS come from the fleet). */
export type FleetDeviceOptions = Omit<
  SimulatedCpeOptions,
  "serialNumber" | "acsUrl" | "connectionRequestUrl" | "observer" | "codec"
>;

export interface FleetOptions {
  readonly acsUrl: string;
  readonly count: number;
  /** ManagementServer.PeriodicInformInterval of every device. @default 3600 */
  readonly periodicIntervalSec?: number;
  /** Serial numbers are prefix + 6-digit index. @default "SIM" */
  readonly serialPrefix?: string;
  /** ACS credentials (ManagementServer.Username/Password). */
  readonly acsUsername?: string;
  readonly acsPassword?: string;
  /** Port of the shared connection-request listener; 0 picks one. @default 0 */
  readonly crPort?: number;
  /** First boots are spread evenly over this many ms. @default 0 */
  readonly bootStaggerMs?: number;
  /** Stop by itself after this many seconds. @default run until stop() */
  readonly durationSec?: number;
  /**
   * Where the live progress line goes, at most once a second; when it is not a
   * terminal, only lines that differ from the last one. @default none
   */
  readonly progress?: NodeJS.WritableStream;
  readonly device?: FleetDeviceOptions;
  /**
   * Each device's misbehaviours by index (0-based), e.g. `randomFleetMisbehaviours(...)`;
   * wins over `device.misbehaviours`. @default device.misbehaviours, else none
   */
  readonly misbehaviours?: (index: number, serialNumber: string) => Misbehaviours;
  /** Each device's client certificate and trust for an https ACS (cli-tls.ts). @default device.tls */
  readonly tls?: (serialNumber: string) => CpeTlsOptions;
  /** Told about every device's boots and sessions too, e.g. to keep each session's RPCs. */
  readonly observer?: CpeObserver;
}

export interface FleetSummary {
  readonly elapsedMs: number;
  readonly stats: FleetStats;
  readonly exchangeP50Ms: number | undefined;
  readonly exchangeP99Ms: number | undefined;
  readonly sessionP50Ms: number | undefined;
  readonly sessionP99Ms: number | undefined;
}

export interface Fleet {
  readonly devices: readonly SimulatedCpe[];
  readonly crListener: CrListener;
  /** Live counters. */
  readonly stats: FleetStats;
  /** Settles when durationSec has elapsed or stop() was called. */
  readonly finished: Promise<FleetSummary>;
  /** Switches every device off, closes the listener, returns the summary. Idempotent. */
  stop(): Promise<FleetSummary>;
}

/** The CR listener's view of a device: its current CR credentials (TR-069 3.2.2). */
export function crTargetOf(cpe: SimulatedCpe): CrTarget {
  return {
    credentials: () => ({
      username: cpe.model().read("Device.ManagementServer.ConnectionRequestUsername"),
      password: cpe.model().read("Device.ManagementServer.ConnectionRequestPassword"),
    }),
    connectionRequest: () => cpe.connectionRequest(),
    canonicalHeaderNamesOnly: cpe.misbehaviours.canonicalHeaderNamesOnly === true,
  };
}

/** Starts `count` simulated devices against one ACS, sharing one CR listener and one codec. */
export async function runFleet(options: FleetOptions): Promise<Fleet> {
  const startedMs = performance.now();
  const recorder = createFleetStatsRecorder();
  const crListener = createCrListener({ port: options.crPort ?? 0 });
  await crListener.start();
  const codec = createCwmpCodec();
  const timers: NodeJS.Timeout[] = [];
  const devices = Array.from({ length: options.count }, (_, index) => {
    const serialNumber = `${options.serialPrefix ?? "SIM"}${String(index + 1).padStart(6, "0")}`;
    const cpe = createSimulatedCpe({
      ...options.device,
      serialNumber,
      acsUrl: options.acsUrl,
      acsUsername: options.acsUsername ?? options.device?.acsUsername ?? "",
      acsPassword: options.acsPassword ?? options.device?.acsPassword ?? "",
      periodicInformIntervalSec:
        options.periodicIntervalSec ?? options.device?.periodicInformIntervalSec ?? 3600,
      connectionRequestUrl: crListener.urlFor(serialNumber),
      codec,
      ...(options.misbehaviours === undefined
        ? {}
        : { misbehaviours: options.misbehaviours(index, serialNumber) }),
      ...(options.tls && { tls: options.tls(serialNumber) }),
      observer: {
        onBoot: (serial) => {
          recorder.booted(serial);
          options.observer?.onBoot?.(serial);
        },
        onSessionEnd: (serial, record) => {
          recorder.sessionEnded(record);
          options.observer?.onSessionEnd?.(serial, record);
        },
        onExchange: (latencyMs) => {
          recorder.exchange(latencyMs);
          options.observer?.onExchange?.(latencyMs);
        },
        onConnectionRequest: (serial, outcome) => {
          recorder.connectionRequest(outcome);
          options.observer?.onConnectionRequest?.(serial, outcome);
        },
      },
    });
    crListener.register(serialNumber, crTargetOf(cpe));
    return cpe;
  });

  const stagger = options.bootStaggerMs ?? 0;
  devices.forEach((cpe, index) => {
    const delay = options.count > 1 ? (stagger * index) / options.count : 0;
    if (delay === 0) cpe.start();
    else timers.push(setTimeout(() => cpe.start(), delay));
  });

  const progress = options.progress;
  let lastCompleted = 0;
  if (progress !== undefined) {
    const print = createStatusPrinter({
      write: (text) => progress.write(text),
      live: isTerminal(progress),
    });
    timers.push(
      setInterval(() => {
        const { stats } = recorder;
        const rate = stats.sessionsCompleted - lastCompleted;
        lastCompleted = stats.sessionsCompleted;
        print(
          `booted ${stats.devicesBooted}/${options.count} | ${rate} sessions/s | ` +
            `ok ${stats.sessionsCompleted} failed ${stats.sessionsFailed} 503 ${stats.sessionsBusy} | ` +
            `CRs ${stats.connectionRequestsAccepted} (busy ${stats.connectionRequestsBusy})`,
        );
      }, 1000),
    );
  }

  let stopping: Promise<FleetSummary> | undefined;
  let settle: (summary: FleetSummary) => void = () => {};
  const finished = new Promise<FleetSummary>((resolve) => {
    settle = resolve;
  });
  const stop = (): Promise<FleetSummary> => {
    stopping ??= (async () => {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(devices.map((cpe) => cpe.stop()));
      await crListener.stop();
      const summary = summarize(recorder.stats, performance.now() - startedMs);
      settle(summary);
      return summary;
    })();
    return stopping;
  };
  if (options.durationSec !== undefined) {
    timers.push(setTimeout(() => void stop(), options.durationSec * 1000));
  }
  return { devices, crListener, stats: recorder.stats, finished, stop };
}

function summarize(stats: FleetStats, elapsedMs: number): FleetSummary {
  return {
    elapsedMs,
    stats,
    exchangeP50Ms: percentile(stats.exchangeLatenciesMs, 50),
    exchangeP99Ms: percentile(stats.exchangeLatenciesMs, 99),
    sessionP50Ms: percentile(stats.sessionDurationsMs, 50),
    sessionP99Ms: percentile(stats.sessionDurationsMs, 99),
  };
}
