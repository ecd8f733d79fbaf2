import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CapacityUnits } from "../functions/adapters/dynamodb/count-requests.ts";
import type { AcsChildReady } from "./acs-child.ts";
import { childReadyLine } from "./child-ready-line.ts";
import type { DeviceRequestCounts } from "./count-by-device.ts";

/** The local ACS running in a child process (bench/acs-child.ts), seen from the benchmark. */
export interface AcsProcess {
  readonly ready: AcsChildReady;
  /** DynamoDB requests the ACS sent per operation since the last reset. */
  counts(): Promise<Record<string, number>>;
  /** The same requests per device they were about (count-by-device.ts), since the last reset. */
  countsByDevice(): Promise<DeviceRequestCounts>;
  /** Read and write units those requests consumed, per operation, since the last reset. */
  units(): Promise<Record<string, CapacityUnits>>;
  resetCounts(): Promise<void>;
  /** Peak resident set size of the ACS process so far (VmHWM), in KiB. */
  peakRssKiB(): number;
  /** CPU time (user + system) the ACS process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export class AcsProcessStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AcsProcessStartError";
  }
}

export class AcsControlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AcsControlError";
  }
}

/** Starts bench/acs-child.ts under plain node (not the tsx CLI, whose pid would be a wrapper). */
export async function startAcsProcess(
  options: {
    startTimeoutMs?: number;
    env?: Record<string, string>;
    /** Extra node flags for the ACS process, e.g. ["--cpu-prof"] to profile it. */
    nodeArgs?: readonly string[];
    /** Everything the ACS writes on stderr (its warn and error log lines), as it comes. */
    onStderr?: (text: string) => void;
  } = {},
): Promise<AcsProcess> {
  const script = fileURLToPath(new URL("./acs-child.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      "--disable-warning=NodeVersionSupportWarning",
      "--import",
      "tsx",
      script,
    ],
    {
      env: {
        ...process.env,
        ACS_HOST: "127.0.0.1",
        ACS_CWMP_PORT: "0",
        // Free ports rather than 7557 and 7567, which a running `npm start` may hold.
        ACS_API_PORT: "0",
        ACS_FILES_PORT: "0",
        ACS_CPE_AUTH: "none",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    options.onStderr?.(chunk);
  });
  let ready: AcsChildReady;
  try {
    ready = await readyLine(child, options.startTimeoutMs ?? 30_000, () => stderr);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const control = async <T = Record<string, number>>(method: "GET" | "POST", path: string) => {
    const response = await fetch(`${ready.controlUrl}${path}`, { method });
    if (!response.ok) throw new AcsControlError(`${method} ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };

  return {
    ready,
    counts: () => control("GET", "/counts"),
    countsByDevice: () => control<DeviceRequestCounts>("GET", "/counts/by-device"),
    units: () => control<Record<string, CapacityUnits>>("GET", "/units"),
    resetCounts: async () => {
      await control("POST", "/counts/reset");
    },
    peakRssKiB: () => vmHwmKiB(ready.pid),
    cpuMs: () => cpuMs(ready.pid),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readyLine(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<AcsChildReady> {
  return childReadyLine<AcsChildReady>(
    child,
    timeoutMs,
    (message, cause) => new AcsProcessStartError(`the ACS: ${message}\n${stderr()}`, { cause }),
  );
}

/** VmHWM ("peak resident set size") from /proc/<pid>/status (Linux). */
function vmHwmKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new AcsControlError(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]);
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name start with field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new AcsControlError(`unreadable /proc/${pid}/stat`);
  return ticks * 10;
}
