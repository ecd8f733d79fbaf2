import { randomBytes } from "node:crypto";
import type { CpeObserver } from "../functions/simulator/cpe-types.ts";
import { type Fleet, runFleet } from "../functions/simulator/fleet.ts";
import { type AcsProcess, startAcsProcess } from "./acs-process.ts";
import { type BenchApi, benchApi } from "./bench-api.ts";

/**
 * What the rollout benchmark runs against: the local ACS of `npm start` in a child process
 * (bench/acs-child.ts: dynalite, the local file server on a free port, the sender with the
 * campaign runner, DynamoDB requests counted), and a fleet of simulated CPEs in this process
 * that answer connection requests with the ACS's shared CR credentials and really download
 * firmware over HTTP (functions/simulator/firmware-image.ts).
 */
export interface RolloutRig {
  readonly acs: AcsProcess;
  readonly api: BenchApi;
  readonly fleet: Fleet;
  stop(): Promise<void>;
}

export interface RolloutRigOptions {
  readonly devices: number;
  readonly serialPrefix: string;
  /** Told about every device's sessions and connection requests. */
  readonly observer: CpeObserver;
  /** The ACS's warn and error log lines (JSON, one per line). */
  readonly onAcsLogLine?: (line: string) => void;
}

// The ACS sends these to every CPE (ACS_CR_USERNAME / ACS_CR_PASSWORD, TR-069 3.2.2).
const crCredentials = { username: "bench-cr", password: "bench-cr-secret" };

export async function startRolloutRig(options: RolloutRigOptions): Promise<RolloutRig> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const token = randomBytes(18).toString("base64url");
    let partial = "";
    const acs = await startAcsProcess({
      env: {
        ACS_API_TOKEN: token,
        // A free port rather than 7567, which a running `npm start` may hold.
        ACS_FILES_PORT: "0",
        ACS_CR_USERNAME: crCredentials.username,
        ACS_CR_PASSWORD: crCredentials.password,
      },
      onStderr: (chunk) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) if (line.trim() !== "") options.onAcsLogLine?.(line);
      },
    });
    cleanups.push(() => acs.stop());
    const fleet = await runFleet({
      acsUrl: acs.ready.cwmpUrl,
      count: options.devices,
      serialPrefix: options.serialPrefix,
      // No periodic Inform during the run: every session is the rollout's.
      periodicIntervalSec: 3600,
      bootStaggerMs: 10 * options.devices,
      device: {
        connectionRequestUsername: crCredentials.username,
        connectionRequestPassword: crCredentials.password,
        retryMinWaitSec: 1,
        rebootDelayMs: 100,
        httpDownloads: { timeoutMs: 30_000 },
      },
      observer: options.observer,
    });
    cleanups.push(() => fleet.stop());
    return { acs, api: benchApi({ apiUrl: acs.ready.apiUrl, token }), fleet, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
