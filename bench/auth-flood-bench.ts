import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CpeMessageOf } from "../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../functions/core/cwmp/cwmp-codec.ts";
import { runSession } from "../functions/simulator/session-client.ts";
import { startAcsProcess } from "./acs-process.ts";

/**
 * What unauthenticated senders cost the CWMP endpoint with digest on: ACS CPU per refused
 * request (small and 9 MB bodies), and authenticated sessions/s alone and while four
 * senders post 9 MB Informs without credentials, back to back. Before the header-only
 * admission, every such body was read and decoded before the 401.
 */
export interface AuthFloodResult {
  readonly unauthenticatedCpuMs: { readonly small: number; readonly large: number };
  readonly sessionsPerSecond: { readonly alone: number; readonly underFlood: number };
  readonly floodRequestsAnswered: number;
  /** DynamoDB requests per authenticated session (401, Inform, empty POST), no flood. */
  readonly dynamoRequestsPerSession: number;
  /** ACS CPU (dynalite included) per authenticated session, no flood. */
  readonly acsCpuMsPerSession: number;
  /** ACS CPU over the flood phase, per second of it (1000 = one core busy). */
  readonly acsCpuMsPerSecondUnderFlood: number;
}

const codec = createCwmpCodec();
const credentials = { username: "fleet", password: "fleet-pass" };

function inform(serial: string, padding = 0): CpeMessageOf<"Inform"> {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: [{ eventCode: "2 PERIODIC", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-12-06T10:00:00Z",
    retryCount: 0,
    parameterList:
      padding === 0
        ? []
        : [{ name: "Device.DeviceInfo.X_Pad", value: "x".repeat(padding), type: "xsd:string" }],
  };
}

const informXml = (serial: string, padding = 0) =>
  codec.encodeCpeMessage({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    header: { id: "1" },
    body: inform(serial, padding),
  });

/** One POST without credentials; resolves with the status (or 0 when the connection failed). */
function postUnauthenticated(url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const outgoing = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST" },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on("error", () => resolve(0));
    outgoing.setHeader("content-type", "text/xml");
    outgoing.end(body);
  });
}

/** Senders in a child process posting the Inform in `bodyFile` without credentials. */
function startFlood(url: string, bodyFile: string, senders: number) {
  const script = `
    const http = require("node:http");
    const target = new URL(${JSON.stringify(url)});
    const body = require("node:fs").readFileSync(${JSON.stringify(bodyFile)});
    let stop = false, answered = 0;
    process.on("message", () => { stop = true; });
    const one = () => new Promise((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname,
        method: "POST", headers: { "content-type": "text/xml" } }, (res) => {
        res.resume(); res.on("end", () => { answered++; resolve(); });
      });
      req.on("error", () => resolve());
      req.end(body);
    });
    const loop = async () => { while (!stop) await one(); };
    Promise.all(Array.from({ length: ${senders} }, loop)).then(() => {
      process.send(answered, () => process.exit(0));
    });`;
  const child = spawn(process.execPath, ["-e", script], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        child.once("message", (answered) => resolve(Number(answered)));
        child.send("stop");
      }),
  };
}

async function sessionsFor(
  url: string,
  ms: number,
  concurrency: number,
): Promise<{ readonly done: number; readonly perSecond: number }> {
  const until = Date.now() + ms;
  let done = 0;
  const loop = async (worker: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const result = await runSession({
        acsUrl: url,
        codec,
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        ...credentials,
        inform: inform(`W${worker}N${n}`),
        requests: [],
        handleRpc: () => ({ kind: "empty" }),
        idPrefix: `w${worker}`,
        timeoutMs: 60_000,
        now: () => Date.now(),
      });
      if (result.kind === "completed") done += 1;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => loop(worker)));
  return { done, perSecond: done / ((Date.now() - started) / 1000) };
}

export async function runAuthFloodBench(options: {
  readonly seconds: number;
}): Promise<AuthFloodResult> {
  const acs = await startAcsProcess({
    env: {
      ACS_CPE_AUTH: "digest",
      ACS_CPE_USERNAME: credentials.username,
      ACS_CPE_PASSWORD: credentials.password,
    },
  });
  try {
    const url = acs.ready.cwmpUrl;
    const small = informXml("S0");
    const large = informXml("L0", 9 * 1024 * 1024);
    const cpuPer = async (body: string, count: number) => {
      const before = acs.cpuMs();
      for (let i = 0; i < count; i++) await postUnauthenticated(url, body);
      return (acs.cpuMs() - before) / count;
    };
    await cpuPer(small, 20); // warm-up
    const unauthenticatedCpuMs = {
      small: await cpuPer(small, 200),
      large: await cpuPer(large, 10),
    };
    await acs.resetCounts();
    const cpuAloneBefore = acs.cpuMs();
    const aloneRun = await sessionsFor(url, options.seconds * 1000, 10);
    const counts = Object.values(await acs.counts()).reduce((sum, n) => sum + n, 0);
    const alone = aloneRun.perSecond;
    const dynamoRequestsPerSession = counts / Math.max(1, aloneRun.done);
    const acsCpuMsPerSession = (acs.cpuMs() - cpuAloneBefore) / Math.max(1, aloneRun.done);
    // The senders run in a process of their own: pushing 9 MB bodies would otherwise stall the
    // event loop that drives the authenticated sessions, and measure the driver, not the ACS.
    const bodyFile = join(mkdtempSync(join(tmpdir(), "acs-flood-")), "inform.xml");
    writeFileSync(bodyFile, large);
    const flood = startFlood(url, bodyFile, 4);
    const cpuBefore = acs.cpuMs();
    const floodStarted = Date.now();
    const underFlood = (await sessionsFor(url, options.seconds * 1000, 10)).perSecond;
    const acsCpuMsPerSecondUnderFlood =
      (acs.cpuMs() - cpuBefore) / ((Date.now() - floodStarted) / 1000);
    const floodRequestsAnswered = await flood.stop();
    return {
      unauthenticatedCpuMs,
      sessionsPerSecond: { alone, underFlood },
      floodRequestsAnswered,
      acsCpuMsPerSecondUnderFlood,
      dynamoRequestsPerSession,
      acsCpuMsPerSession,
    };
  } finally {
    await acs.stop();
  }
}
