import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startProsody } from "../support/prosody.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";

/**
 * `npm start` with XMPP configured, as the README's XMPP section runs it: the banner says the
 * ACS is signed in, and its simulator hint carries the certificate the ACS trusts.
 */
describe("npm start with XMPP", { skip: requireBinary("prosody") }, () => {
  it("says signed in as the ACS's JID and puts NODE_EXTRA_CA_CERTS in the sim hint", {
    timeout: 90_000,
  }, async () => {
    const server = await startProsody({ tls: true, accounts: [{ user: "acs", password: "pw1" }] });
    const dir = await mkdtemp(join(tmpdir(), "acs-start-xmpp-"));
    const certFile = join(dir, "ca.crt");
    await writeFile(certFile, server.caCert ?? "");
    const child = spawn(process.execPath, ["--import", "tsx", "functions/local/main.ts"], {
      env: {
        ...process.env,
        ACS_CWMP_PORT: "0",
        ACS_API_PORT: "0",
        ACS_FILES_PORT: "0",
        ACS_BULK_DATA_PORT: "0",
        NODE_EXTRA_CA_CERTS: certFile,
        ACS_XMPP_SERVICE: server.service,
        ACS_XMPP_JID: `acs@${server.domain}`,
        ACS_XMPP_PASSWORD: "pw1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!/npm run sim/.test(output) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      assert.match(output, new RegExp(`XMPP:\\s+signed in as acs@${server.domain}`), output);
      assert.match(output, new RegExp(`NODE_EXTRA_CA_CERTS=${certFile} npm run sim -- --acs`));
    } finally {
      child.kill("SIGINT");
      if (child.exitCode === null) await once(child, "exit");
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
