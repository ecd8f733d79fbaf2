import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseCliArgs, usage } from "../../functions/simulator/cli-args.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `npm run sim -- <args>` from the repository root; resolves with its exit code and output. */
function runSim(args: readonly string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "sim", "--", ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("simulator --help", () => {
  it("parses --help and -h as a help request, without --acs", () => {
    // Act / Assess
    assert.deepEqual(parseCliArgs(["--help"]), { help: true });
    assert.deepEqual(parseCliArgs(["-h", "--count", "3"]), { help: true });
  });

  it("npm run sim -- --help prints the usage on stdout and exits 0", async () => {
    // Act
    const { code, stdout, stderr } = await runSim(["--help"]);
    // Assess
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `${usage}\n`);
    assert.doesNotMatch(stdout + stderr, /Unknown option/);
  });

  it("an unknown option still exits 2 with the usage on stderr", async () => {
    // Act
    const { code, stderr } = await runSim(["--bogus"]);
    // Assess
    assert.equal(code, 2);
    assert.match(stderr, /Unknown option '--bogus'/);
    assert.match(stderr, /Usage: npm run sim/);
  });
});
