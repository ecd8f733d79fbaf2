import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BuildOptions, Metafile } from "esbuild";

/** Lambda's Node.js runtime of the ACS functions (lib/constructs/acs-function.ts). */
export const acsNodeTarget = "node24";

/**
 * How every ACS Lambda entry point is bundled: ESM, minified, split into
 * chunks. One home, so the cold-start benchmark (bench/cold-start-bench.ts)
 * builds exactly what `cdk synth` deploys.
 *
 * Splitting is the cold-start lever: code reached only through a dynamic
 * `import()` (the SQS, EventBridge and S3 adapters, the OpenAPI document, the
 * SDK's SSO/STS credential providers) goes to files of its own, which Node
 * neither reads nor compiles until a request needs it (lib/build-acs-entry.ts
 * builds that side apart, so it is also tree-shaken apart). A single-file
 * bundle makes V8 parse all of it at init. Lambda unpacks the asset
 * directory, so the other files ship next to index.mjs.
 *
 * Source maps are written (external, no sources) for offline decoding, but
 * the functions do not run with --enable-source-maps: loading and indexing the
 * map costs 25-40 ms of every cold start. Stack traces in the logs point at
 * lines and names of the minified bundle (decode them with the shipped map).
 */
export function acsEsbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: acsNodeTarget,
    // The AWS SDK's ES-module builds: smaller than its CommonJS ones, and tree-shakable.
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    // Bundled, not taken from the runtime: esbuild keeps only the clients the
    // handler imports, and the version is the one we tested.
    external: [],
    // Some CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __acsCreateRequire } from 'node:module'; const require = __acsCreateRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: "warning",
  };
}

/**
 * Bundles `entry` into `outdir` as `cdk synth` does: `buildAcsEntry` (lib/build-acs-entry.ts:
 * index.mjs, its chunks and `shared/`, and `lazy/`), run in a child process because
 * esbuild's plugins need its asynchronous API and CDK's local bundling is synchronous.
 */
export function bundleAcsEntry(entry: string, outdir: string): { metafile: Metafile } {
  const cli = fileURLToPath(new URL("./bundle-acs-entry-cli.ts", import.meta.url));
  // Metafile paths are relative to the working directory, as they are with esbuild in-process.
  const tsx = import.meta.resolve("tsx");
  const output = execFileSync(process.execPath, ["--import", tsx, cli, entry, outdir], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { metafile: JSON.parse(output) as Metafile };
}
