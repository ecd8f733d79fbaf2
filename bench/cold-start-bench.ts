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
  readonly entry: "cwmp" | "api";
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

const entries = { cwmp: "functions/handlers/cwmp.ts", api: "functions/handlers/api.ts" } as const;
const root = fileURLToPath(new URL("../", import.meta.url));

/**
 * Lambda cold start of the CWMP and API entry points: each is bundled with the
 * options `cdk synth` uses (lib/acs-bundling.ts), then imported by a fresh
 * `node` per sample with the environment the function gets in AWS. Every AWS
 * endpoint points at a closed loopback port, so an init that called AWS would
 * fail the sample instead of reaching the network.
 */
export async function runColdStartBench(options: { samples: number }): Promise<ColdStartRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "acs-cold-start-"));
  const driver = join(dir, "driver.mjs");
  writeFileSync(driver, driverSource);
  const rows: ColdStartRow[] = [];
  for (const entry of ["cwmp", "api"] as const) {
    const bundle = await bundleEntry(entries[entry], join(dir, entry, "index.mjs"));
    const times = Array.from({ length: options.samples }, () => sample(driver, bundle, entry));
    rows.push({
      entry,
      bundleBytes: statSync(bundle).size,
      sourceMapBytes: statSync(`${bundle}.map`).size,
      readyMedianMs: median(times.map((time) => time.ready)),
      importMedianMs: median(times.map((time) => time.importMs)),
      cpuMedianMs: median(times.map((time) => time.cpuMs)),
      samples: options.samples,
    });
  }
  return rows;
}

/** What NodejsFunction's esbuild command line does with `acsBundling` (bundleAwsSDK: no externals). */
async function bundleEntry(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [join(root, entry)],
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

function sample(driver: string, bundle: string, entry: "cwmp" | "api") {
  const output = execFileSync(process.execPath, [driver, pathToFileURL(bundle).href], {
    // Only what Lambda gives the function: no tsx loader, no AWS profile of the bench's shell.
    env: { ...coldStartEnvironment(entry), ...acsFunctionEnvironment },
    encoding: "utf8",
  });
  return JSON.parse(output) as { ready: number; importMs: number; cpuMs: number };
}

// performance.now() counts from the process's time origin, i.e. from its start.
const driverSource = `const before = performance.now();
const module = await import(process.argv[2]);
if (typeof module.handler !== "function") throw new Error("no handler exported");
const ready = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ready, importMs: ready - before, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;
