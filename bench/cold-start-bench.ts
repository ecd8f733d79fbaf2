import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BuildOptions, Metafile } from "esbuild";
import { buildAcsEntry } from "../lib/build-acs-entry.ts";
import { median } from "./bench-stats.ts";
import { coldStartEnvironment } from "./cold-start-environment.ts";

export interface ColdStartRow {
  /** This checkout, or the one BENCH_COLDSTART_COMPARE names (a before/after in one run). */
  readonly tree: "this" | "compared";
  /** cwmp, api, or "node" (a one-line module: what the runtime itself costs here). */
  readonly entry: "cwmp" | "api" | "node";
  /** "deployed" (lib/acs-bundling.ts), or one of the `levers` variants: what each option is worth. */
  readonly bundling: Bundling;
  /** NODE_OPTIONS=--enable-source-maps (not deployed: what it would cost), or as deployed, without. */
  readonly sourceMaps: boolean;
  /** All JavaScript files of the asset: index.mjs and its chunks. */
  readonly bundleBytes: number;
  /** index.mjs and the chunks it imports statically: what Node reads and compiles at init. */
  readonly initBytes: number;
  readonly sourceMapBytes: number;
  /** Each JavaScript file of the asset, relative to it, largest first; `init`: loaded at init. */
  readonly files: readonly BundleFile[];
  /** Median ms from process start (performance.timeOrigin) to the exported handler. */
  readonly readyMedianMs: number;
  /** Median ms of the import alone (bundle parse, module evaluation, init). */
  readonly importMedianMs: number;
  /** Median CPU ms (user + system) of the process up to the handler: less swayed by a busy machine. */
  readonly cpuMedianMs: number;
  /**
   * Median ms of importing the SQS/EventBridge/S3 adapters' file after the handler is ready:
   * what the first request that queues a connection request, publishes an event or presigns
   * a file URL pays on top (the clients' configuration and the AWS call not included).
   * Undefined where the adapters are not a file of their own (one-file bundles, "node").
   */
  readonly lazyAdaptersMedianMs?: number;
  readonly samples: number;
}

export interface BundleFile {
  readonly path: string;
  readonly bytes: number;
  readonly init: boolean;
}

/**
 * The deployed options, and the same with one option undone (with `levers`): no code
 * splitting (one file, as NodejsFunction writes), then also not minified, or with the
 * SDK's CommonJS builds (mainFields ["main"]).
 */
const bundlings = {
  deployed: {},
  "single file": { splitting: false },
  "single file, not minified": { splitting: false, minify: false },
  "single file, CommonJS SDK": { splitting: false, mainFields: ["main"] },
} as const satisfies Record<string, BuildOptions>;
export type Bundling = keyof typeof bundlings;

interface Variant {
  readonly tree: ColdStartRow["tree"];
  readonly bundling: Bundling;
  readonly entry: ColdStartRow["entry"];
  readonly sourceMaps: boolean;
  /** index.mjs of the bundle. */
  readonly bundle: string;
  /** The file of the lazily imported AWS adapters, if they are one. */
  readonly lazyAdapters?: string;
  readonly files: readonly BundleFile[];
  readonly sourceMapBytes: number;
}

interface Sample {
  readonly ready: number;
  readonly importMs: number;
  readonly cpuMs: number;
  readonly lazyMs?: number;
}

const entries = { cwmp: "functions/handlers/cwmp.ts", api: "functions/handlers/api.ts" } as const;
const root = fileURLToPath(new URL("../", import.meta.url));

/**
 * Lambda cold start of the CWMP and API entry points: each is bundled by what
 * `cdk synth` runs (lib/acs-bundling.ts: index.mjs and chunks), then imported by a fresh
 * `node` per sample with the environment the function gets in AWS. Every AWS
 * endpoint points at a closed loopback port, so an init that called AWS would
 * fail the sample instead of reaching the network. Samples of all variants are
 * interleaved, so a machine that gets busier mid-run skews none of them alone.
 */
export async function runColdStartBench(options: {
  readonly samples: number;
  /** Another checkout of the project (with node_modules) whose entries are measured alongside. */
  readonly compareRoot?: string;
  /** Also measure this tree's entries with each bundling option undone (`bundlings`). */
  readonly levers?: boolean;
}): Promise<ColdStartRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "acs-cold-start-"));
  const driver = join(dir, "driver.mjs");
  writeFileSync(driver, driverSource);
  writeFileSync(join(dir, "bare.mjs"), "export const handler = async () => ({});\n");
  const variants: Variant[] = [
    {
      tree: "this",
      bundling: "deployed",
      entry: "node",
      sourceMaps: false,
      ...(await bundle(join(dir, "bare.mjs"), join(dir, "node"))),
    },
  ];
  const trees = [
    ["this", root],
    ...(options.compareRoot ? [["compared", options.compareRoot]] : []),
  ];
  for (const [tree, treeRoot] of trees as [Variant["tree"], string][]) {
    const builder = tree === "this" ? buildAcsEntry : await bundlerOf(treeRoot);
    for (const entry of ["cwmp", "api"] as const) {
      // Each tree's entries bundled by its own lib/acs-bundling.ts: as that tree deploys them.
      const built = await bundle(join(treeRoot, entries[entry]), join(dir, tree, entry), builder);
      variants.push({ tree, bundling: "deployed", entry, sourceMaps: false, ...built });
      variants.push({ tree, bundling: "deployed", entry, sourceMaps: true, ...built });
    }
  }
  for (const [bundling, override] of options.levers ? Object.entries(bundlings) : []) {
    if (bundling === "deployed") continue;
    for (const entry of ["cwmp", "api"] as const) {
      const outdir = join(dir, "levers", bundling.replaceAll(/\W+/g, "-"), entry);
      const built = await bundle(join(root, entries[entry]), outdir, (from, to) =>
        buildAcsEntry(from, to, override),
      );
      variants.push({
        tree: "this",
        bundling: bundling as Bundling,
        entry,
        sourceMaps: false,
        ...built,
      });
      if (bundling === "single file")
        variants.push({ tree: "this", bundling, entry, sourceMaps: true, ...built });
    }
  }
  const samples = variants.map((): Sample[] => []);
  for (let round = 0; round < options.samples; round++) {
    for (const [index, variant] of variants.entries())
      samples[index]?.push(sample(driver, variant));
  }
  return variants.map((variant, index) => row(variant, samples[index] ?? []));
}

function row(variant: Variant, samples: readonly Sample[]): ColdStartRow {
  return {
    tree: variant.tree,
    bundling: variant.bundling,
    entry: variant.entry,
    sourceMaps: variant.sourceMaps,
    bundleBytes: sum(variant.files.map((file) => file.bytes)),
    initBytes: sum(variant.files.filter((file) => file.init).map((file) => file.bytes)),
    sourceMapBytes: variant.sourceMapBytes,
    files: variant.files,
    readyMedianMs: median(samples.map((time) => time.ready)),
    importMedianMs: median(samples.map((time) => time.importMs)),
    cpuMedianMs: median(samples.map((time) => time.cpuMs)),
    ...(variant.lazyAdapters && {
      lazyAdaptersMedianMs: median(samples.map((time) => time.lazyMs ?? Number.NaN)),
    }),
    samples: samples.length,
  };
}

/**
 * Bundles `entry` into `outdir` with `builder` (as `cdk synth` does, unless a lever's
 * options), and lists the files with their sizes.
 */
async function bundle(
  entry: string,
  outdir: string,
  builder: Builder = buildAcsEntry,
): Promise<Omit<Variant, "tree" | "bundling" | "entry" | "sourceMaps">> {
  const metafile = await builder(entry, outdir);
  const outputs = Object.entries(metafile.outputs);
  const index = outputs.find(([path]) => path.endsWith("/index.mjs"))?.[0];
  if (!index) throw new Error(`no index.mjs among ${outputs.map(([path]) => path).join(", ")}`);
  const init = staticClosure(metafile, index);
  const files = outputs
    .filter(([path]) => path.endsWith(".mjs"))
    .map(([path, output]) => ({
      path: relative(outdir, resolve(path)),
      bytes: output.bytes,
      init: init.has(path),
    }))
    .sort((a, b) => b.bytes - a.bytes);
  const maps = outputs.filter(([path]) => path.endsWith(".map"));
  const lazyAdapters = outputs.find(
    ([path, output]) =>
      path.endsWith(".mjs") &&
      !init.has(path) &&
      Object.keys(output.inputs).some((input) => input.endsWith("handlers/aws-port-adapters.ts")),
  )?.[0];
  return {
    bundle: join(outdir, "index.mjs"),
    ...(lazyAdapters && { lazyAdapters: resolve(lazyAdapters) }),
    files,
    sourceMapBytes: sum(maps.map(([, output]) => output.bytes)),
  };
}

type Builder = (entry: string, outdir: string) => Promise<Metafile>;

/** Another checkout's `bundleAcsEntry` (synchronous in every version, with a metafile). */
async function bundlerOf(treeRoot: string): Promise<Builder> {
  const module = (await import(pathToFileURL(join(treeRoot, "lib/acs-bundling.ts")).href)) as {
    bundleAcsEntry: (entry: string, outdir: string) => { metafile?: Metafile };
  };
  return async (entry, outdir) => {
    const { metafile } = module.bundleAcsEntry(entry, outdir);
    if (!metafile) throw new Error(`${treeRoot}'s bundleAcsEntry returned no metafile`);
    return metafile;
  };
}

/** The output files Node loads with `from`: itself and its static imports, transitively. */
function staticClosure(metafile: Metafile, from: string): Set<string> {
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

const sum = (values: readonly number[]): number =>
  values.reduce((total, value) => total + value, 0);

function sample(driver: string, variant: Variant): Sample {
  const entry = variant.entry === "node" ? "api" : variant.entry;
  const lazy = variant.lazyAdapters ? [pathToFileURL(variant.lazyAdapters).href] : [];
  const output = execFileSync(
    process.execPath,
    [driver, pathToFileURL(variant.bundle).href, ...lazy],
    {
      // Only what Lambda gives the function: no tsx loader, no AWS profile of the bench's shell.
      env: {
        ...coldStartEnvironment(entry),
        ...(variant.sourceMaps && { NODE_OPTIONS: "--enable-source-maps" }),
      },
      encoding: "utf8",
    },
  );
  return JSON.parse(output) as Sample;
}

// performance.now() counts from the process's time origin, i.e. from its start.
const driverSource = `const before = performance.now();
const module = await import(process.argv[2]);
if (typeof module.handler !== "function") throw new Error("no handler exported");
const ready = performance.now();
const cpu = process.cpuUsage();
let lazyMs;
if (process.argv[3]) {
  const start = performance.now();
  await import(process.argv[3]);
  lazyMs = performance.now() - start;
}
process.stdout.write(JSON.stringify({ ready, importMs: ready - before, cpuMs: (cpu.user + cpu.system) / 1000, lazyMs }));
`;
