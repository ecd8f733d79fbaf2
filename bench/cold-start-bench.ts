import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { acsBundling, acsFunctionEnvironment } from "../lib/acs-bundling.ts";
import { median } from "./bench-stats.ts";
import { coldStartEnvironment } from "./cold-start-environment.ts";

export interface ColdStartRow {
  /** This checkout, or the one BENCH_COLDSTART_COMPARE names (a before/after in one run). */
  readonly tree: "this" | "compared";
  /** cwmp, api, or "node" (a one-line module: what the runtime itself costs here). */
  readonly entry: "cwmp" | "api" | "node";
  /** As deployed (NODE_OPTIONS=--enable-source-maps), or without that option. */
  readonly sourceMaps: boolean;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Median ms from process start (performance.timeOrigin) to the exported handler. */
  readonly readyMedianMs: number;
  /** Median ms of the import alone (bundle parse, module evaluation, init). */
  readonly importMedianMs: number;
  /** Median CPU ms (user + system) of the process up to the handler: less swayed by a busy machine. */
  readonly cpuMedianMs: number;
  readonly samples: number;
}

interface Variant {
  readonly tree: ColdStartRow["tree"];
  readonly entry: ColdStartRow["entry"];
  readonly sourceMaps: boolean;
  readonly bundle: string;
}

interface Sample {
  readonly ready: number;
  readonly importMs: number;
  readonly cpuMs: number;
}

const entries = { cwmp: "functions/handlers/cwmp.ts", api: "functions/handlers/api.ts" } as const;
const root = fileURLToPath(new URL("../", import.meta.url));

/**
 * Lambda cold start of the CWMP and API entry points: each is bundled with the
 * options `cdk synth` uses (lib/acs-bundling.ts), then imported by a fresh
 * `node` per sample with the environment the function gets in AWS. Every AWS
 * endpoint points at a closed loopback port, so an init that called AWS would
 * fail the sample instead of reaching the network. Samples of all variants are
 * interleaved, so a machine that gets busier mid-run skews none of them alone.
 */
export async function runColdStartBench(options: {
  readonly samples: number;
  /** Another checkout of the project (with node_modules) whose entries are measured alongside. */
  readonly compareRoot?: string;
}): Promise<ColdStartRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "acs-cold-start-"));
  const driver = join(dir, "driver.mjs");
  writeFileSync(driver, driverSource);
  const bare = join(dir, "node", "index.mjs");
  writeFileSync(join(dir, "bare.mjs"), "export const handler = async () => ({});\n");
  await bundleFile(join(dir, "bare.mjs"), bare);
  const variants: Variant[] = [{ tree: "this", entry: "node", sourceMaps: true, bundle: bare }];
  const trees = [
    ["this", root],
    ...(options.compareRoot ? [["compared", options.compareRoot]] : []),
  ];
  for (const [tree, treeRoot] of trees as [Variant["tree"], string][]) {
    for (const entry of ["cwmp", "api"] as const) {
      const outfile = join(dir, tree, entry, "index.mjs");
      const bundle = await bundleFile(join(treeRoot, entries[entry]), outfile);
      variants.push({ tree, entry, sourceMaps: true, bundle });
      variants.push({ tree, entry, sourceMaps: false, bundle });
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
    entry: variant.entry,
    sourceMaps: variant.sourceMaps,
    bundleBytes: statSync(variant.bundle).size,
    sourceMapBytes: statSync(`${variant.bundle}.map`).size,
    readyMedianMs: median(samples.map((time) => time.ready)),
    importMedianMs: median(samples.map((time) => time.importMs)),
    cpuMedianMs: median(samples.map((time) => time.cpuMs)),
    samples: samples.length,
  };
}

/** What NodejsFunction's esbuild command line does with `acsBundling` (bundleAwsSDK: no externals). */
async function bundleFile(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: acsBundling.format,
    target: acsBundling.target,
    mainFields: [...acsBundling.mainFields],
    minify: acsBundling.minify,
    sourcemap: acsBundling.sourceMap,
    sourcesContent: acsBundling.sourcesContent,
    banner: { js: acsBundling.banner },
    logLevel: "warning",
  });
  return outfile;
}

function sample(driver: string, variant: Variant): Sample {
  const entry = variant.entry === "node" ? "api" : variant.entry;
  const output = execFileSync(process.execPath, [driver, pathToFileURL(variant.bundle).href], {
    // Only what Lambda gives the function: no tsx loader, no AWS profile of the bench's shell.
    env: {
      ...coldStartEnvironment(entry),
      ...(variant.sourceMaps ? acsFunctionEnvironment : {}),
    },
    encoding: "utf8",
  });
  return JSON.parse(output) as Sample;
}

// performance.now() counts from the process's time origin, i.e. from its start.
const driverSource = `const before = performance.now();
const module = await import(process.argv[2]);
if (typeof module.handler !== "function") throw new Error("no handler exported");
const ready = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ready, importMs: ready - before, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;
