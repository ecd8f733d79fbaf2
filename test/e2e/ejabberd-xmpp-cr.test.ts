import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type LocalEjabberd,
  startLocalEjabberd,
} from "../../functions/local/xmpp/start-local-ejabberd.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import { until } from "../support/until.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";
import { freePort } from "../support/xmpp-server-process.ts";

const DOMAIN = "acs.test";
const TOKEN = "e2e-token";

/**
 * The local ACS as `npm start` runs it (a child process: NODE_EXTRA_CA_CERTS is read at start),
 * configured with the variables `npm run xmpp -- --server ejabberd` prints; a simulated CPE is
 * provisioned for XMPP, logs in with HMAC(key, username) through external auth (no account was
 * ever created), and a connection request reaches it over XMPP.
 */
describe("connection request over XMPP through the local ejabberd", {
  skip: requireBinary("ejabberdctl"),
}, () => {
  let dir: string;
  let xmpp: LocalEjabberd;
  let acs: ChildProcess;
  let listener: CrListener;
  let cpe: SimulatedCpe | undefined;
  let apiUrl: string;
  let output = "";

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(path, apiUrl), {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "ejabberd-e2e-"));
    const [xmppPort, cwmpPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    xmpp = await startLocalEjabberd({
      dir,
      host: "127.0.0.1",
      port: xmppPort,
      domain: DOMAIN,
      acsUser: "acs",
    });
    apiUrl = `http://127.0.0.1:${apiPort}/`;
    acs = spawn(process.execPath, ["--import", "tsx", "functions/local/main.ts"], {
      env: {
        ...process.env,
        ACS_CWMP_PORT: `${cwmpPort}`,
        ACS_API_PORT: `${apiPort}`,
        ACS_FILES_PORT: "0",
        ACS_BULK_DATA_PORT: "0",
        ACS_API_TOKEN: TOKEN,
        ACS_DATA_DIR: join(dir, "acs-data"),
        ACS_PROFILE_CACHE_SECONDS: "0",
        NODE_EXTRA_CA_CERTS: xmpp.certPath,
        ACS_XMPP_SERVICE: xmpp.service,
        ACS_XMPP_JID: xmpp.jid,
        ACS_XMPP_PASSWORD: xmpp.password,
        ACS_XMPP_CPE_SERVERS: `127.0.0.1:${xmppPort}`,
        ACS_XMPP_CREATE_ACCOUNTS: "false",
        ACS_XMPP_ACCOUNT_KEY: xmpp.accountKey,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    acs.stdout?.on("data", collect);
    acs.stderr?.on("data", collect);
    await until("ACS signed in to XMPP", async () =>
      /XMPP:\s+signed in as acs@acs\.test/.test(output) ? true : undefined,
    );
    listener = createCrListener();
    await listener.start();
  });

  after(async () => {
    await cpe?.stop();
    await listener?.stop();
    if (acs && acs.exitCode === null) {
      acs.kill("SIGINT");
      await once(acs, "exit");
    }
    await xmpp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("provisions the CPE, which logs in by HMAC, and wakes it over XMPP", {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const serial = "EJE2E1";
    const cwmpUrl = /CWMP endpoint:\s+(\S+)/.exec(output)?.[1];
    assert.ok(cwmpUrl, output);
    const booted = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: cwmpUrl,
      connectionRequestUrl: listener.urlFor(serial),
      connectionRequestUsername: "factory-user",
      connectionRequestPassword: "factory-pass",
      retryMinWaitSec: 0.2,
      xmpp: { retryInitialMs: 200, tlsCa: await readFile(xmpp.certPath, "utf8") },
    });
    cpe = booted;
    listener.register(serial, crTargetOf(booted));
    booted.start();
    const id = await until(`${serial} registered`, async () => {
      const listed = await api("GET", `devices?serialPrefix=${serial}`);
      return listed.body.devices[0]?.id as string | undefined;
    });
    const path = `devices/${encodeURIComponent(id)}`;
    const ready = await until("XMPP CR ready", async () => {
      const view = await api("GET", path);
      return view.body.xmppConnectionRequest.ready ? view.body : undefined;
    });
    await until("session over", async () => (booted.state() === "idle" ? true : undefined));

    // Act
    const task = await api("POST", `${path}/tasks?connectionRequest=true&wait=20`, {
      name: "getParameterValues",
      parameterNames: ["Device.DeviceInfo.UpTime"],
    });
    const view = await api("GET", path);

    // Assess
    assert.equal(ready.xmppConnectionRequest.account.status, "external", "no account created");
    assert.match(ready.xmppConnectionRequest.jabberId, /^cpe-[0-9a-f]{24}@acs\.test\/cwmp$/);
    assert.equal(task.status, 200, JSON.stringify(task.body));
    assert.equal(task.body.status, "done", JSON.stringify(task.body));
    assert.equal(view.body.connectionRequest.lastAttempt.method, "xmpp");
  });
});
