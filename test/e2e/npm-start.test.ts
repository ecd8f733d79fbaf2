import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";

/**
 * `npm start` as a newcomer runs it: the local ACS prints where it listens
 * and the warning about CPE authentication, serves both ports, and stops
 * cleanly on Ctrl-C (SIGINT).
 */
describe("npm start (the local ACS entry)", () => {
  it("prints its URLs, answers, and exits 0 on SIGINT", { timeout: 60_000 }, async () => {
    const child = spawn(
      process.execPath,
      ["--disable-warning=NodeVersionSupportWarning", "--import", "tsx", "functions/local/main.ts"],
      {
        env: {
          ...process.env,
          ACS_CWMP_PORT: "0",
          ACS_API_PORT: "0",
          ACS_FILES_PORT: "0",
          ACS_API_TOKEN: "t0ken",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 40_000;
    while (!/API token/.test(output) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cwmpUrl = /CWMP endpoint:\s+(\S+)/.exec(output)?.[1];
    const apiUrl = /API:\s+(\S+)/.exec(output)?.[1];
    assert.ok(cwmpUrl && apiUrl, output);
    assert.match(output, /WARNING: CPE authentication is OFF/);
    assert.match(output, /Files:\s+http:\/\/127\.0\.0\.1:\d+\//);
    const empty = await fetch(cwmpUrl, { method: "POST", body: "" });
    assert.equal(empty.status, 400, "no session to continue");
    const devices = await fetch(new URL("devices", apiUrl), {
      headers: { authorization: "Bearer t0ken" },
    });
    assert.deepEqual(await devices.json(), { devices: [] });
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0, output);
    assert.match(output, /stopped\./);
  });

  it("refuses ACS_LOG_LEVEL=debug with exit code 2 and names the variable", {
    timeout: 60_000,
  }, async () => {
    const child = spawn(
      process.execPath,
      ["--disable-warning=NodeVersionSupportWarning", "--import", "tsx", "functions/local/main.ts"],
      {
        env: {
          ...process.env,
          ACS_CWMP_PORT: "0",
          ACS_API_PORT: "0",
          ACS_FILES_PORT: "0",
          ACS_LOG_LEVEL: "debug",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout.resume();

    const [code] = (await once(child, "exit")) as [number | null];

    assert.equal(code, 2, output);
    assert.match(output, /configuration error: ACS_LOG_LEVEL: must be one of info, warn, error/);
  });
});
