import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { ProsodyStartError } from "./errors.ts";
import type { ServiceUser } from "./service-user.ts";

export interface ProsodyProcessOptions {
  /** The executable: prosody, or any server run the same way (ejabberdctl foreground). */
  prosody: string;
  configPath: string;
  /** Arguments instead of prosody's `-F --config <configPath>`. */
  args?: readonly string[];
  /** Names the server in errors. @default "prosody" */
  label?: string;
  /** Working folder (the config's folder). */
  cwd: string;
  runAs: ServiceUser;
  /** Where the config makes prosody listen: we wait until it accepts there. */
  host: string;
  port: number;
  /** @default 10000 */
  startTimeoutMs?: number;
  /** Every chunk prosody writes (its config logs errors to stderr). */
  onOutput?: (text: string) => void;
}

export interface ProsodyProcess {
  readonly pid: number;
  /** Settles with the exit code (null: killed by a signal) when the process group leader ends. */
  readonly exited: Promise<number | null>;
  /** The last 8000 characters of stdout+stderr, for error messages. */
  output(): string;
  /** A signal to the whole process group (runuser and prosody). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to the group (prosody closes its streams), SIGKILL after graceMs; idempotent. */
  stop(graceMs?: number): Promise<void>;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function spawnGroup(options: ProsodyProcessOptions): ProsodyProcess {
  const [command, args] = options.runAs.wrap(
    options.prosody,
    options.args ?? ["-F", "--config", options.configPath],
  );
  // Its own process group, so runuser and prosody stop together and a terminal's Ctrl-C reaches
  // only us: we decide when prosody stops.
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new ProsodyStartError(`could not spawn ${command}`);
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-8_000);
    options.onOutput?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone already
    }
  };
  // Safety net: if we exit first (an uncaught error), prosody does not outlive us.
  const onExit = () => signal("SIGKILL");
  process.once("exit", onExit);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      process.off("exit", onExit);
      resolve(code);
    });
  });
  return {
    pid,
    exited,
    output: () => output,
    signal,
    async stop(graceMs = 5_000) {
      signal("SIGCONT"); // a stopped process cannot handle SIGTERM
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      signal("SIGKILL"); // anything left in the group
    },
  };
}

/**
 * Runs prosody in the foreground (-F) and resolves once its c2s port accepts connections.
 * @throws ProsodyStartError when the port is taken already, or prosody exits or stays deaf.
 */
export async function startProsodyProcess(options: ProsodyProcessOptions): Promise<ProsodyProcess> {
  const { host, port } = options;
  if (await accepts(host, port)) {
    throw new ProsodyStartError(`${host}:${port} is in use already (another XMPP server?)`);
  }
  const server = spawnGroup(options);
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  while (exitCode === undefined && Date.now() < deadline) {
    if (await accepts(host, port)) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const why = exitCode === undefined ? `not listening on ${host}:${port}` : `exited (${exitCode})`;
  await server.stop(1_000);
  throw new ProsodyStartError(`${options.label ?? "prosody"} ${why}`, server.output().trim());
}
