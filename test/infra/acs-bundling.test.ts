import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Metafile } from "esbuild";
import { bundleAcsEntry } from "../../lib/acs-bundling.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), "acs-bundling-"));
after(() => rmSync(outdir, { recursive: true, force: true }));

/** Output files Node loads with `from`: itself and its static imports, transitively. */
function loadedWith(metafile: Metafile, from: string): Set<string> {
  const seen = new Set<string>();
  const pending = [from];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement") pending.push(imported.path);
    }
  }
  return seen;
}

describe("bundleAcsEntry", () => {
  it("splits the CWMP entry so the SQS, EventBridge and S3 adapters are not loaded at init", () => {
    // Prepare
    const entry = join(root, "functions/handlers/cwmp.ts");

    // Act
    const { metafile } = bundleAcsEntry(entry, outdir);

    // Assess
    assert.ok(metafile);
    const outputs = Object.keys(metafile.outputs);
    const index = outputs.find((path) => resolve(path) === join(outdir, "index.mjs"));
    assert.ok(index, `index.mjs among ${outputs.join(", ")}`);
    const adapters = outputs.filter((path) =>
      Object.keys(metafile.outputs[path]?.inputs ?? {}).some((input) =>
        input.endsWith("functions/handlers/aws-port-adapters.ts"),
      ),
    );
    assert.equal(adapters.length, 1);
    const atInit = loadedWith(metafile, index);
    assert.ok(!atInit.has(adapters[0] as string), "the adapters' chunk is imported statically");
    assert.ok(readdirSync(join(outdir, "chunks")).some((file) => file.endsWith(".mjs")));
  });
});
