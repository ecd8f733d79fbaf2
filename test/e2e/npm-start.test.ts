import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { tableDefinition } from "../../functions/adapters/dynamodb/table-definition.ts";
import { startDynalite } from "../../functions/local/start-dynalite.ts";

/** The entry as `npx tsx functions/local/main.ts` runs it: no npm script sets any variable. */
function startEntry(env: Record<string, string>) {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _set, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "functions/local/main.ts"], {
    env: {
      ...inherited,
      ACS_CWMP_PORT: "0",
      ACS_API_PORT: "0",
      ACS_FILES_PORT: "0",
      ACS_BULK_DATA_PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { text: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    out.text += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    out.text += chunk.toString();
    out.stderr += chunk.toString();
  });
  const bannerOrExit = async (): Promise<void> => {
    const deadline = Date.now() + 40_000;
    while (!/API token/.test(out.text) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, out, bannerOrExit };
}

async function exitCode(child: ReturnType<typeof spawn>): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

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
          ACS_BULK_DATA_PORT: "0",
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
          ACS_BULK_DATA_PORT: "0",
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

  it("prints no AWS SDK Node-version warning without npm's variable", {
    timeout: 60_000,
  }, async () => {
    const acs = startEntry({});

    await acs.bannerOrExit();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const banner = acs.out.text;
    acs.child.kill("SIGINT");
    const code = await exitCode(acs.child);

    assert.match(banner, /API token/);
    assert.doesNotMatch(acs.out.text, /NodeVersion|node version|upgrade to node/i);
    assert.equal(code, 0, acs.out.text);
  });

  it("names the events file and the XMPP status, then says nothing while idle", {
    timeout: 60_000,
  }, async () => {
    const acs = startEntry({ ACS_API_TOKEN: "t0ken" });
    await acs.bannerOrExit();
    const eventsFile = /Events:\s+(\S+)/.exec(acs.out.text)?.[1];

    const registered = eventsFile !== undefined && existsSync(eventsFile);
    const bannerLength = acs.out.text.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const afterBanner = acs.out.text.slice(bannerLength);
    acs.child.kill("SIGINT");
    await exitCode(acs.child);

    assert.ok(registered, `the events file exists at start:\n${acs.out.text}`);
    assert.match(acs.out.text, /XMPP:\s+not configured/);
    assert.equal(afterBanner, "", "an idle ACS prints nothing after its banner");
    assert.equal(existsSync(eventsFile ?? ""), false, "the temporary events file goes on stop");
  });

  it("names the variable that moves a port in use, in one line, and exits 1", {
    timeout: 60_000,
  }, async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const acs = startEntry({ ACS_API_PORT: String(port) });

      const code = await exitCode(acs.child);

      assert.equal(code, 1, acs.out.text);
      assert.equal(
        acs.out.stderr,
        `cannot start: port ${port} on 127.0.0.1 is in use: set ACS_API_PORT to another port\n`,
      );
    } finally {
      taken.close();
    }
  });

  it("says the data directory is locked when a second instance uses it, and exits 1", {
    timeout: 90_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "acs-locked-"));
    const first = startEntry({ ACS_DATA_DIR: dataDir });
    try {
      await first.bannerOrExit();
      assert.match(first.out.text, /API token/, first.out.text);

      const second = startEntry({ ACS_DATA_DIR: dataDir });
      const code = await exitCode(second.child);

      assert.equal(code, 1, second.out.text);
      assert.equal(
        second.out.stderr,
        `cannot start: data directory ${dataDir} is locked by another running local ACS: stop it, or set ACS_DATA_DIR to another directory\n`,
      );
      assert.equal(first.child.exitCode, null, "the first instance keeps running");
    } finally {
      first.child.kill("SIGINT");
      await exitCode(first.child);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("names a data directory an older version made (no gsi2), in one line, and exits 1", {
    timeout: 90_000,
  }, async () => {
    // Prepare: the table as an older version left it in the directory, gsi1 only
    const dataDir = await mkdtemp(join(tmpdir(), "acs-outdated-"));
    const older = await startDynalite({ path: dataDir, tableName: "scratch" });
    try {
      const current = tableDefinition("acs-local");
      await older.rawClient.send(
        new CreateTableCommand({
          ...current,
          AttributeDefinitions: current.AttributeDefinitions?.filter(
            (attribute) => !attribute.AttributeName?.startsWith("gsi2"),
          ),
          GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter(
            (index) => index.IndexName === "gsi1",
          ),
        }),
      );
      // dynalite activates a new table and its index a moment later; stop once they are.
      for (;;) {
        const { Table } = await older.rawClient.send(
          new DescribeTableCommand({ TableName: "acs-local" }),
        );
        if (Table?.GlobalSecondaryIndexes?.every((index) => index.IndexStatus === "ACTIVE")) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await older.stop();
    }
    try {
      // Act
      const acs = startEntry({ ACS_DATA_DIR: dataDir, ACS_TABLE_NAME: "acs-local" });
      const code = await exitCode(acs.child);

      // Assess
      assert.equal(code, 1, acs.out.text);
      assert.equal(
        acs.out.stderr,
        `cannot start: data directory ${dataDir} holds a table from an older version without index gsi2 (the local DynamoDB stand-in cannot add one): move the directory away, or set ACS_DATA_DIR to a new one\n`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
