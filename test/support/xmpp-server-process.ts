import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer, connect as netConnect } from "node:net";
import { XmppCommandError } from "./xmpp-harness-errors.ts";

/** A free TCP port on loopback (closed again at once; the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, timeout: options.timeoutMs ?? 20_000 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (error === null) resolve(output);
        else {
          const code = typeof error.code === "number" ? error.code : null;
          reject(
            new XmppCommandError([command, ...args].join(" "), code, output, { cause: error }),
          );
        }
      },
    );
  });
}

export interface ServerProcess {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** The last lines of stdout+stderr, for error messages. */
  output(): string;
  /** Sends a signal to the whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to the whole process group, SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a server in its own process group (so wrappers like runuser/ejabberdctl and the real
 * server die together) and kills that group if the test process exits first.
 */
export function spawnServer(command: string, args: readonly string[], cwd: string): ServerProcess {
  const child: ChildProcess = spawn(command, [...args], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${command}`);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  // If the test process ends first (normally or killed by the runner), the server goes too.
  const onExit = () => killGroup("SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup("SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("exit", onExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      process.off("exit", onExit);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(code);
    });
  });
  return {
    pid,
    exited,
    output: () => output,
    signal: killGroup,
    async stop(graceMs = 5_000) {
      killGroup("SIGCONT"); // a frozen server cannot handle SIGTERM
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      killGroup("SIGKILL"); // stragglers of the group (e.g. erl_child_setup)
    },
  };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Polls until the port accepts; false if the process exits or the deadline passes first. */
export async function waitForPort(
  host: string,
  port: number,
  server: ServerProcess,
  timeoutMs: number,
): Promise<boolean> {
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    if (await canConnect(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Runs a command as a system user when we are root (servers refuse to run as root). */
export function asUser(user: string, command: string, args: readonly string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, [...args]];
  return ["runuser", ["-u", user, "--", command, ...args]];
}
