import { type Agent, request } from "node:http";
import type { CpeMessage } from "../functions/core/cwmp/cpe-messages.ts";
import type { CwmpCodec } from "../functions/core/cwmp/cwmp-codec.ts";

/**
 * One CWMP session driven byte for byte from the CPE side (TR-069 3.7),
 * without the simulator's device logic, so the benchmark measures the ACS
 * and little else: Informs are encoded before the clock starts.
 */
export type BenchScenario = "bootstrap" | "first-periodic" | "periodic" | "gpv";

export const cwmpNamespace = "urn:dslforum-org:cwmp-1-0" as const;
export const benchOui = "00D09E";
export const benchProductClass = "BENCH";

export class BenchSessionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BenchSessionError";
  }
}

/** The Inform a simulated gateway sends: the forced Inform parameters of TR-181. */
export function informBody(codec: CwmpCodec, serialNumber: string, events: string[]): string {
  const value = (name: string, v: string, type = "string") => ({ name, value: v, type });
  return codec.encodeCpeMessage({
    cwmpNamespace,
    header: { id: `${serialNumber}-1` },
    body: {
      method: "Inform",
      deviceId: {
        manufacturer: "BenchCPE",
        oui: benchOui,
        productClass: benchProductClass,
        serialNumber,
      },
      event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
      maxEnvelopes: 1,
      currentTime: "2026-11-24T10:00:00Z",
      retryCount: 0,
      parameterList: [
        value("Device.DeviceInfo.HardwareVersion", "HW1.0"),
        value("Device.DeviceInfo.SoftwareVersion", "1.0.0"),
        value("Device.DeviceInfo.ProvisioningCode", ""),
        value("Device.ManagementServer.ParameterKey", ""),
        value("Device.ManagementServer.ConnectionRequestURL", `http://127.0.0.1:9/${serialNumber}`),
        value("Device.ManagementServer.AliasBasedAddressing", "false", "boolean"),
      ],
    },
  });
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly cookie: string | undefined;
}

/** One POST on a keep-alive agent; resolves with status, body and the first cookie set. */
function post(url: URL, agent: Agent, body: string, cookie: string | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-length": Buffer.byteLength(body) };
    if (body !== "") headers["content-type"] = 'text/xml; charset="utf-8"';
    if (cookie !== undefined) headers.cookie = cookie;
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          cookie: res.headers["set-cookie"]?.[0]?.split(";")[0],
        }),
      );
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new BenchSessionError("no answer within 30 s")));
    req.on("error", reject);
    req.end(body);
  });
}

export interface SessionRun {
  readonly url: URL;
  readonly agent: Agent;
  readonly codec: CwmpCodec;
  readonly inform: string;
  readonly scenario: BenchScenario;
  /** Receives the round-trip time of every HTTP exchange. */
  readonly onExchange: (ms: number) => void;
}

/** Runs one session to its 204; throws BenchSessionError on anything unexpected. */
export async function runRawSession(run: SessionRun): Promise<number> {
  let exchanges = 0;
  const timed = async (body: string, cookie: string | undefined): Promise<Reply> => {
    const started = performance.now();
    const reply = await post(run.url, run.agent, body, cookie);
    run.onExchange(performance.now() - started);
    exchanges += 1;
    return reply;
  };
  const informed = await timed(run.inform, undefined);
  if (informed.status !== 200 || informed.cookie === undefined) {
    throw new BenchSessionError(`Inform answered ${informed.status}: ${informed.body}`);
  }
  let reply = await timed("", informed.cookie);
  if (run.scenario === "gpv") {
    const envelope = run.codec.decodeAcsMessage(reply.body);
    const rpc = envelope.body;
    if (reply.status !== 200 || rpc?.method !== "GetParameterValues") {
      throw new BenchSessionError(`expected GetParameterValues, got ${reply.status} ${reply.body}`);
    }
    const response: CpeMessage = {
      method: "GetParameterValuesResponse",
      parameterList: rpc.parameterNames.map((name) => ({
        name,
        value: "4242",
        type: "unsignedInt",
      })),
    };
    const body = run.codec.encodeCpeMessage({
      cwmpNamespace,
      header: envelope.header.id === undefined ? {} : { id: envelope.header.id },
      body: response,
    });
    reply = await timed(body, informed.cookie);
  }
  if (reply.status !== 204) {
    throw new BenchSessionError(`expected 204 at the end, got ${reply.status}: ${reply.body}`);
  }
  return exchanges;
}
