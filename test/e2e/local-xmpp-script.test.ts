import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createXmppSession, type XmppSession } from "../../functions/adapters/xmpp/index.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { readSenderSettings } from "../../functions/config/sender-settings.ts";
import { readLocalConfig } from "../../functions/local/local-config.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";
import { freePort } from "../support/xmpp-server-process.ts";

/**
 * `npm run xmpp` as a newcomer runs it: a local prosody whose printed settings let the ACS log
 * in, create a CPE account with XEP-0133, and which stops cleanly on SIGTERM.
 */
const SCRIPT = "functions/local/start-local-xmpp.ts";
const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const QUEUE = "http://127.0.0.1:9324/000000000000/acs-cr";
const SENDER_REQUIRED = {
  ACS_QUEUE_URL: QUEUE,
  ACS_DLQ_URL: `${QUEUE}-dlq`,
  ACS_TABLE_NAME: "acs",
};

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface LocalScript {
  stdout(): string;
  /** stdout and stderr, for assertion messages. */
  output(): string;
  /** The NAME=value lines printed before "npm start", once they are all there. */
  printedEnv(timeoutMs: number): Promise<Record<string, string>>;
  /** Sends `signal` to the spawned process only, as a supervisor would; waits for its exit. */
  terminate(signal: NodeJS.Signals, timeoutMs: number): Promise<Exit>;
  finished(timeoutMs: number): Promise<{ exit: Exit; stdout: string; stderr: string }>;
  /** Cleanup after a failed test: SIGTERM, then SIGKILL, to the whole process group. */
  kill(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function unquote(word: string): string {
  return word.startsWith("'") ? word.slice(1, -1).replaceAll(`'\\''`, "'") : word;
}

/**
 * The command `npm run xmpp` runs: node --import tsx, the script itself, which handles SIGTERM
 * and SIGINT. Not the tsx CLI, whose signal relay waits 30 ms for the script to acknowledge a
 * signal and then SIGKILLs it (exit 143, prosody left running) on a busy machine; not `npm run`
 * either: npm dies on SIGTERM without passing it on, leaving the script running (a terminal's
 * Ctrl-C reaches the whole foreground group, so people typing npm run xmpp are not affected).
 * Its own process group, so cleanup reaches everything but prosody, which the script stops.
 */
function runLocalXmppScript(env: Readonly<Record<string, string>>): LocalScript {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = once(child, "exit").then(([code, signal]) => ({ code, signal }) as Exit);
  let done: Exit | undefined;
  void exited.then((exit) => {
    done = exit;
  });
  const within = async (timeoutMs: number): Promise<Exit> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const exit = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (exit === undefined) assert.fail(`no exit within ${timeoutMs} ms\n${stdout}${stderr}`);
    return exit;
  };
  return {
    stdout: () => stdout,
    output: () => `${stdout}${stderr}`,
    async printedEnv(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes("\n  npm start\n") && done === undefined && Date.now() < deadline) {
        await sleep(50);
      }
      const block = /Turn XMPP on[^\n]*\n\n((?: {2}[A-Z][A-Z0-9_]*=\S+ \\\n)+) {2}npm start\n/.exec(
        stdout,
      );
      assert.ok(block?.[1], `no environment lines printed\n${stdout}${stderr}`);
      const pairs = block[1]
        .trim()
        .split("\n")
        .map((line) => {
          const [, name = "", value = ""] = /^\s*([A-Z0-9_]+)=(\S+) \\$/.exec(line) ?? [];
          return [name, unquote(value)] as const;
        });
      return Object.fromEntries(pairs);
    },
    async terminate(signal, timeoutMs) {
      child.kill(signal);
      return within(timeoutMs);
    },
    async finished(timeoutMs) {
      const exit = await within(timeoutMs);
      return { exit, stdout, stderr };
    },
    async kill() {
      const group = (signal: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, signal);
        } catch {
          // the group is gone
        }
      };
      group("SIGTERM"); // the script stops prosody (its own group) on SIGTERM
      if (done === undefined) {
        const timer = setTimeout(() => group("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Processes whose command line mentions `text` (Linux /proc; empty elsewhere). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids = (await readdir("/proc").catch(() => [])).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(text)) found.push(Number(pid));
  }
  return found;
}

async function online(options: {
  env: Readonly<Record<string, string>>;
  jid: string;
  password: string;
}): Promise<XmppSession> {
  const { env } = options;
  const session = createXmppSession({
    service: env.ACS_XMPP_SERVICE ?? "",
    jid: options.jid,
    password: options.password,
    resource: `e2e-${randomBytes(3).toString("hex")}`,
    requireTls: true,
    // What NODE_EXTRA_CA_CERTS gives the ACS process, handed over in-process here.
    tlsCa: await readFile(env.NODE_EXTRA_CA_CERTS ?? "", "utf8"),
    connectTimeoutMs: 10_000,
  });
  await session.start();
  return session;
}

describe("npm run xmpp (the local XMPP server)", () => {
  let dir: string;
  let port: number;
  const scripts: LocalScript[] = [];
  const start = () => {
    const script = runLocalXmppScript({ ACS_LOCAL_XMPP_DIR: dir, ACS_LOCAL_XMPP_PORT: `${port}` });
    scripts.push(script);
    return script;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "local-xmpp-"));
    port = await freePort();
  });
  after(async () => {
    for (const script of scripts) await script.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it("prints settings the ACS can log in with, runs Add User, exits 0 on SIGTERM", {
    skip: requireBinary("prosody"),
    timeout: 90_000,
  }, async () => {
    // Prepare
    const script = start();
    const env = await script.printedEnv(60_000);
    const settings = readSenderSettings({ ...SENDER_REQUIRED, ...env }).xmpp;
    assert.ok(settings, "the printed variables turn XMPP on");
    assert.deepEqual(Object.keys(env), [
      "NODE_EXTRA_CA_CERTS",
      "ACS_XMPP_SERVICE",
      "ACS_XMPP_JID",
      "ACS_XMPP_PASSWORD",
      "ACS_XMPP_CPE_SERVERS",
    ]);
    assert.equal(settings.service, `xmpp://127.0.0.1:${port}`);
    assert.equal(settings.jid, "acs@acs.localhost");
    assert.equal(settings.requireTls, true, "TLS stays required: the certificate is trusted");
    const provisioning = readLocalConfig(envReader(env), env).cwmp.provisioning.xmpp;
    assert.deepEqual(provisioning?.settings.servers, [{ address: "127.0.0.1", port }]);
    assert.equal(provisioning?.settings.domain, "acs.localhost");
    assert.equal(provisioning?.createAccounts, true);

    // Act
    const acs = await online({ env, jid: settings.jid, password: settings.password });
    const cpeJid = `cpe-${randomBytes(4).toString("hex")}@acs.localhost`;
    const outcome = await acs.addUser({ jid: cpeJid, password: "cpe-secret", timeoutMs: 10_000 });
    const cpe = await online({ env, jid: cpeJid, password: "cpe-secret" });
    await cpe.stop();
    await acs.stop();
    const exit = await script.terminate("SIGTERM", 20_000);

    // Assess
    assert.deepEqual(outcome, { kind: "created" });
    assert.deepEqual(exit, { code: 0, signal: null }, script.output());
    assert.match(script.stdout(), /stopped\./);
    assert.equal(await portAccepts(port), false, "port closed");
    assert.deepEqual(await processesMentioning(join(dir, "prosody.cfg.lua")), [], "no orphan");
  });

  it("keeps the ACS password and certificate across runs", {
    skip: requireBinary("prosody"),
    timeout: 90_000,
  }, async () => {
    // Prepare
    const first = await readFile(join(dir, "acs-password"), "utf8").catch(() => undefined);
    assert.ok(first, "the first test ran and left its password");

    // Act
    const script = start();
    const env = await script.printedEnv(60_000);
    const exit = await script.terminate("SIGTERM", 20_000);

    // Assess
    assert.equal(env.ACS_XMPP_PASSWORD, first.trim());
    assert.equal(env.NODE_EXTRA_CA_CERTS, join(dir, "certs", "acs.localhost.crt"));
    assert.deepEqual(exit, { code: 0, signal: null }, script.output());
  });
});

describe("npm run xmpp failures", () => {
  it("names apt-get install prosody in one line when prosody is missing", {
    skip:
      existsSync("/usr/sbin/prosody") || existsSync("/sbin/prosody")
        ? "prosody in an sbin folder, which is searched whatever PATH says"
        : false,
    timeout: 30_000,
  }, async () => {
    // Prepare: a PATH without prosody; node is started by absolute path.
    const empty = await mkdtemp(join(tmpdir(), "no-prosody-"));

    // Act
    const result = await runLocalXmppScript({ PATH: empty }).finished(20_000);
    await rm(empty, { recursive: true, force: true });

    // Assess
    assert.equal(result.exit.code, 1);
    assert.equal(
      result.stderr.trim(),
      "npm run xmpp: prosody is not installed (not found on PATH): apt-get install prosody",
    );
  });

  it("rejects a malformed domain in one line naming the variable", {
    timeout: 30_000,
  }, async () => {
    // Act
    const result = await runLocalXmppScript({ ACS_LOCAL_XMPP_DOMAIN: 'bad"domain' }).finished(
      20_000,
    );

    // Assess
    assert.equal(result.exit.code, 2);
    assert.match(
      result.stderr.trim(),
      /^npm run xmpp: configuration error: ACS_LOCAL_XMPP_DOMAIN: /,
    );
    assert.equal(result.stderr.trim().split("\n").length, 1);
  });
});
