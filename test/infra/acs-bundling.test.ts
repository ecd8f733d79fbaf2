import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Metafile } from "esbuild";
import { buildOpenApiDocument } from "../../functions/api/openapi.ts";
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
      if (imported.kind === "import-statement" && !imported.external) pending.push(imported.path);
    }
  }
  return seen;
}

/** The output files whose code comes from an input whose path matches `input`. */
function outputsOf(metafile: Metafile, input: RegExp): string[] {
  return Object.keys(metafile.outputs).filter((path) =>
    Object.keys(metafile.outputs[path]?.inputs ?? {}).some((name) => input.test(name)),
  );
}

/** Metafile paths are relative to the working directory, as esbuild writes them. */
function bundled(entry: string): { metafile: Metafile; atInit: Set<string>; dir: string } {
  const dir = join(outdir, entry);
  const { metafile } = bundleAcsEntry(join(root, `functions/handlers/${entry}.ts`), dir);
  const index = Object.keys(metafile.outputs).find(
    (path) => resolve(path) === join(dir, "index.mjs"),
  );
  assert.ok(index, `index.mjs among ${Object.keys(metafile.outputs).join(", ")}`);
  return { metafile, atInit: loadedWith(metafile, index), dir };
}

describe("bundleAcsEntry", () => {
  let cwmp: ReturnType<typeof bundled>;
  let api: ReturnType<typeof bundled>;
  before(() => {
    cwmp = bundled("cwmp");
    api = bundled("api");
  });

  it("keeps the SQS, EventBridge and S3 adapters of the CWMP entry out of what init loads", () => {
    // Prepare
    const { metafile, atInit } = cwmp;

    // Act
    const adapters = outputsOf(metafile, /functions\/handlers\/aws-port-adapters\.ts$/);

    // Assess
    assert.equal(adapters.length, 1);
    assert.ok(!atInit.has(adapters[0] as string), "the adapters' file is imported statically");
  });

  it("leaves the serde of protocols only the lazy clients use out of init (tree-shaken apart)", () => {
    // Prepare
    const lazyOnly =
      /@aws-sdk\/client-(s3|sqs|eventbridge|sts)\/|protocols\/(xml|query)\/|@aws-sdk\/xml-builder/;

    for (const { metafile, atInit } of [cwmp, api]) {
      // Act
      const loaded = outputsOf(metafile, lazyOnly).filter((path) => atInit.has(path));

      // Assess
      assert.deepEqual(loaded, []);
    }
  });

  it("loads neither the SDK's DynamoDB nor its Secrets Manager client nor its Smithy core at init, aws-lite instead", () => {
    // Prepare
    const sdkClients = /@aws-sdk\/client-(dynamodb|secrets-manager)\/|@smithy\/core\//;

    for (const { metafile, atInit } of [cwmp, api]) {
      // Act
      const loaded = outputsOf(metafile, sdkClients).filter((path) => atInit.has(path));
      const awsLite = outputsOf(metafile, /node_modules\/@aws-lite\/client\//).filter((path) =>
        atInit.has(path),
      );

      // Assess
      assert.deepEqual(loaded, []);
      assert.notDeepEqual(awsLite, [], "aws-lite is at init: the pattern matches");
    }
  });

  it("loads no classic zod at init, only zod/mini (the item and request schemas)", () => {
    for (const { metafile, atInit } of [cwmp, api]) {
      // Act
      const classic = outputsOf(metafile, /node_modules\/zod\/v4\/classic\//).filter((path) =>
        atInit.has(path),
      );
      const mini = outputsOf(metafile, /node_modules\/zod\/v4\/mini\//).filter((path) =>
        atInit.has(path),
      );

      // Assess
      assert.deepEqual(classic, []);
      assert.notDeepEqual(mini, [], "the schemas' zod/mini is at init: the pattern matches");
    }
  });

  it("bundles a project file both sides use once, so its error classes are one class", () => {
    // Prepare
    const { metafile } = cwmp;

    // Act
    const holders = outputsOf(metafile, /functions\/port-errors\.ts$/);

    // Assess
    assert.equal(holders.length, 1, holders.join(", "));
  });

  it("keeps the OpenAPI document out of the API's init and builds the same document lazily", async () => {
    // Prepare
    const { metafile, atInit } = api;
    const [openApi, ...others] = outputsOf(metafile, /functions\/api\/openapi\.ts$/);
    assert.ok(openApi);
    assert.deepEqual(others, []);

    // Act
    const lazy = (await import(pathToFileURL(resolve(openApi)).href)) as {
      buildOpenApiDocument: typeof buildOpenApiDocument;
    };

    // Assess
    assert.ok(!atInit.has(openApi));
    assert.deepEqual(lazy.buildOpenApiDocument(), buildOpenApiDocument());
  });
});
