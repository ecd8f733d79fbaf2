import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProsody } from "../functions/local/xmpp/find-prosody.ts";
import {
  type LocalProsody,
  startLocalProsody,
} from "../functions/local/xmpp/start-local-prosody.ts";
import { type AcsProcess, startAcsProcess } from "./acs-process.ts";

/**
 * What the provisioning benchmark runs against: prosody set up as `npm run xmpp` does (its own
 * config in a temporary folder, loopback, STARTTLS required with a self-signed certificate, the
 * ACS account a server admin for XEP-0133) on a free port, and the local ACS of `npm start` in
 * a child process (bench/acs-child.ts) with XMPP on, as the `npm run xmpp` banner says.
 */
export interface ProvisioningRig {
  readonly acs: AcsProcess;
  readonly prosody: LocalProsody;
  /** The self-signed certificate (PEM) the simulated CPEs must trust. */
  readonly certPem: string;
  /** Calls the ACS's REST API with its bearer token. */
  api(method: "GET" | "POST", path: string): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export interface ProvisioningRigOptions {
  /** The ACS's warn and error log lines (JSON, one per line). */
  readonly onAcsLogLine?: (line: string) => void;
  /** prosody's own output (errors only: its log goes to a file). */
  readonly onProsodyOutput?: (text: string) => void;
}

/** @throws ProsodyNotInstalledError before starting anything when prosody is missing. */
export async function startProvisioningRig(
  options: ProvisioningRigOptions = {},
): Promise<ProvisioningRig> {
  findProsody();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), "acs-bench-xmpp-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const prosody = await startLocalProsody(
      { dir, host: "127.0.0.1", port: await freePort(), domain: "acs.localhost", acsUser: "acs" },
      { ...(options.onProsodyOutput && { onOutput: options.onProsodyOutput }) },
    );
    cleanups.push(() => prosody.stop());
    const apiToken = randomBytes(18).toString("base64url");
    let partial = "";
    const acs = await startAcsProcess({
      env: {
        // As the `npm run xmpp` banner prints them (render-local-xmpp-banner.ts).
        NODE_EXTRA_CA_CERTS: prosody.certPath,
        ACS_XMPP_SERVICE: prosody.service,
        ACS_XMPP_JID: prosody.jid,
        ACS_XMPP_PASSWORD: prosody.password,
        ACS_XMPP_CPE_SERVERS: new URL(prosody.service).host,
        ACS_API_TOKEN: apiToken,
      },
      onStderr: (chunk) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) if (line.trim() !== "") options.onAcsLogLine?.(line);
      },
    });
    cleanups.push(() => acs.stop());
    const api = async (method: "GET" | "POST", path: string) => {
      const response = await fetch(new URL(path.replace(/^\//, ""), acs.ready.apiUrl), {
        method,
        headers: { authorization: `Bearer ${apiToken}` },
      });
      const text = await response.text();
      return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
    };
    return { acs, prosody, certPem: await readFile(prosody.certPath, "utf8"), api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A TCP port free on loopback right now (prosody needs a fixed one in its config). */
function freePort(): Promise<number> {
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
