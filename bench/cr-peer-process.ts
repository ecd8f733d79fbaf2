import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childReadyLine } from "./child-ready-line.ts";
import type { AgentsConfig, DigestConfig, PeerReady, PeerRole } from "./cr-peer-child.ts";
import { cpuMsOf } from "./proc-stat.ts";

/** One bench/cr-peer-child.ts process, seen from the sender benchmark. */
export interface PeerProcess<R extends PeerReady> {
  readonly ready: R;
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export class PeerProcessStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PeerProcessStartError";
  }
}

type ReadyOf<Role extends PeerRole> = Extract<PeerReady, { role: Role }>;

export function startAgentsProcess(config: AgentsConfig) {
  return startPeerProcess("agents", config);
}

export function startDigestProcess(config: DigestConfig) {
  return startPeerProcess("digest", config);
}

export function startSqsProcess() {
  return startPeerProcess("sqs", {});
}

/** Starts the child under plain node (not the tsx CLI, whose pid would be a wrapper). */
async function startPeerProcess<Role extends PeerRole>(
  role: Role,
  config: unknown,
  startTimeoutMs = 60_000,
): Promise<PeerProcess<ReadyOf<Role>>> {
  const script = fileURLToPath(new URL("./cr-peer-child.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--disable-warning=NodeVersionSupportWarning", "--import", "tsx", script],
    {
      env: { ...process.env, BENCH_PEER_ROLE: role, BENCH_PEER_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  let ready: PeerReady;
  try {
    ready = await readyLine(child, role, startTimeoutMs, () => stderr);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  if (ready.role !== role) {
    await stop();
    throw new PeerProcessStartError(`asked for a ${role} peer, got ${ready.role}`);
  }
  return { ready: ready as ReadyOf<Role>, cpuMs: () => cpuMsOf(ready.pid), stop };
}

function readyLine(
  child: ChildProcess,
  role: PeerRole,
  timeoutMs: number,
  stderr: () => string,
): Promise<PeerReady> {
  return childReadyLine<PeerReady>(
    child,
    timeoutMs,
    (message, cause) =>
      new PeerProcessStartError(`${role} peer: ${message}\n${stderr()}`, { cause }),
  );
}
