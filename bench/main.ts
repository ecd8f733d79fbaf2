import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runAuthFloodBench } from "./auth-flood-bench.ts";
import { machineNote } from "./bench-stats.ts";
import { bootStormSection } from "./boot-storm-section.ts";
import { runChaosBench } from "./chaos-bench.ts";
import { runCodecBench } from "./codec-bench.ts";
import { runColdStartBench } from "./cold-start-bench.ts";
import { runEjabberdIdleBench } from "./ejabberd-idle-bench.ts";
import { runProvisioningBench } from "./provisioning-bench.ts";
import { runRolloutBench } from "./rollout-bench.ts";
import { runSenderBench } from "./sender-bench.ts";
import { runSessionBench } from "./session-bench.ts";
import { runUdpCrBench } from "./udp-cr-bench.ts";
import { writeBenchSummary } from "./write-bench-summary.ts";

/**
 * `npm run bench`: every benchmark of the project, one after another (each
 * prints its table; raw results land in bench/results/). BENCH_ONLY=codec,
 * sessions, sender, provisioning, chaos, authflood, rollout, coldstart, udp or bootstorm runs one
 * of them (coldstart: BENCH_COLDSTART_SAMPLES overrides 21; BENCH_COLDSTART_COMPARE, another
 * checkout, is measured alongside; BENCH_COLDSTART_LEVERS=1 adds the bundling options undone one by one) (bootstorm: BENCH_BOOTSTORM_DEVICES overrides 5000) (udp:
 * BENCH_UDP_DEVICES, _LOSS, _RATE override 50, 0.2, 10) (provisioning: BENCH_PROVISIONING_DEVICES,
 * _CONCURRENCY and _CR_CONCURRENCY override 200, 25 and 25; chaos: BENCH_CHAOS_DEVICES and
 * BENCH_CHAOS_FRACTION override 200 and 0.2; rollout: BENCH_ROLLOUT_DEVICES, _CR_RATE,
 * _IN_SESSION and _IMAGE_KIB override 200, 20, 50 and 1024). Then summary.md and summary.svg
 * are rebuilt from every results file, so the benchmarks not run keep their last figures.
 */
async function main(): Promise<void> {
  const machine = await machineNote();
  process.stdout.write(`machine: ${machine}\n\n`);
  try {
    await runBenchmarks(process.env.BENCH_ONLY, machine);
  } finally {
    // Also after a failed benchmark: the ones that finished have fresh results to show.
    writeSummary(machine);
  }
}

function writeSummary(machine: string): void {
  try {
    const written = writeBenchSummary(fileURLToPath(resultsDir()), machine);
    process.stdout.write(`\nsummary: ${written.markdown}, ${written.svg}\n`);
  } catch (error) {
    // Reported, not thrown: a throw here would hide the failure of a benchmark.
    process.stderr.write(
      `summary not written: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exitCode = 1;
  }
}

async function runBenchmarks(only: string | undefined, machine: string): Promise<void> {
  if (!only || only === "codec") codecSection(machine);
  if (!only || only === "sessions") {
    process.stdout.write("## CWMP sessions on the local ACS\n");
    const rows = await runSessionBench({
      devices: Number(process.env.BENCH_DEVICES ?? 2000),
      concurrency: 50,
    });
    save("sessions.json", { machine, sessions: rows });
  }
  if (!only || only === "sender") {
    process.stdout.write("\n## Connection-request sender\n");
    await runSenderBench();
  }
  if (!only || only === "provisioning") {
    process.stdout.write("\n## Zero-touch XMPP provisioning\n");
    const provisioning = await runProvisioningBench({
      devices: Number(process.env.BENCH_PROVISIONING_DEVICES ?? 200),
      concurrency: Number(process.env.BENCH_PROVISIONING_CONCURRENCY ?? 25),
      crConcurrency: Number(process.env.BENCH_PROVISIONING_CR_CONCURRENCY ?? 25),
    });
    save("provisioning.json", { machine, provisioning });
  }
  if (!only || only === "chaos") {
    process.stdout.write("\n## Chaos fleet: misbehaving CPEs, tasks for all\n");
    const chaos = await runChaosBench({
      devices: Number(process.env.BENCH_CHAOS_DEVICES ?? 200),
      fraction: Number(process.env.BENCH_CHAOS_FRACTION ?? 0.2),
    });
    save("chaos.json", { machine, chaos });
  }
  if (!only || only === "authflood") {
    process.stdout.write("\n## Unauthenticated senders, digest on\n");
    const flood = await runAuthFloodBench({
      seconds: Number(process.env.BENCH_AUTHFLOOD_SECONDS ?? 15),
    });
    const { unauthenticatedCpuMs: cpu, sessionsPerSecond: rate } = flood;
    process.stdout.write(
      "| ACS CPU per 401, small / 9 MB body (ms) | sessions/s alone | sessions/s with 4 senders of 9 MB | ratio | 401s answered to the senders | ACS CPU under flood (ms/s) | DynamoDB requests/session | ACS CPU ms/session |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n" +
        `| ${cpu.small.toFixed(2)} / ${cpu.large.toFixed(2)} | ${rate.alone.toFixed(1)} | ${rate.underFlood.toFixed(1)} | ${(rate.alone / rate.underFlood).toFixed(2)} | ${flood.floodRequestsAnswered} | ${flood.acsCpuMsPerSecondUnderFlood.toFixed(0)} | ${flood.dynamoRequestsPerSession.toFixed(2)} | ${flood.acsCpuMsPerSession.toFixed(2)} |\n`,
    );
    save("authflood.json", { machine, flood });
  }
  if (only === "ejabberd") {
    // Only on request: it needs Debian's ejabberd and many file descriptors.
    process.stdout.write("\n## ejabberd: memory per idle CPE connection\n");
    const row = await runEjabberdIdleBench({
      connections: Number(process.env.BENCH_EJABBERD_CONNECTIONS ?? 2000),
      concurrency: Number(process.env.BENCH_EJABBERD_CONCURRENCY ?? 50),
    });
    process.stdout.write(
      "| idle connections | failed | ejabberd RSS before (MiB) | after (MiB) | KiB per connection |\n|---:|---:|---:|---:|---:|\n" +
        `| ${row.connections} | ${row.failed} | ${(row.rssBeforeKiB / 1024).toFixed(0)} | ${(row.rssAfterKiB / 1024).toFixed(0)} | ${row.kibPerConnection.toFixed(1)} |\n`,
    );
    save("ejabberd.json", { machine, ejabberd: row });
  }
  if (!only || only === "rollout") {
    process.stdout.write("\n## Firmware rollout\n");
    const rollout = await runRolloutBench({
      devices: Number(process.env.BENCH_ROLLOUT_DEVICES ?? 200),
      connectionRequestsPerSecond: Number(process.env.BENCH_ROLLOUT_CR_RATE ?? 20),
      maxInSession: Number(process.env.BENCH_ROLLOUT_IN_SESSION ?? 50),
      imageBytes: 1024 * Number(process.env.BENCH_ROLLOUT_IMAGE_KIB ?? 1024),
    });
    save("rollout.json", { machine, rollout });
  }
  if (!only || only === "udp") await udpSection(machine);
  if (!only || only === "coldstart") await coldStartSection(machine);
  if (!only || only === "bootstorm") {
    process.stdout.write("\n## Boot storm\n");
    save("boot-storm.json", { machine, bootStorm: await bootStormSection(machine, resultsDir()) });
  }
}

async function udpSection(machine: string): Promise<void> {
  process.stdout.write("\n## UDP connection requests through a lossy NAT\n");
  const options = {
    devices: Number(process.env.BENCH_UDP_DEVICES ?? 50),
    lossRate: Number(process.env.BENCH_UDP_LOSS ?? 0.2),
    ratePerSecond: Number(process.env.BENCH_UDP_RATE ?? 10),
    rounds: 3,
  };
  const rounds = await runUdpCrBench(options);
  process.stdout.write(
    "| round | devices | loss each way | CRs/s | delivered | datagrams lost | seconds |\n|---:|---:|---:|---:|---:|---:|---:|\n",
  );
  for (const [index, round] of rounds.entries()) {
    process.stdout.write(
      `| ${index + 1} | ${round.requested} | ${options.lossRate * 100}% | ${options.ratePerSecond} | ${round.delivered} (${(round.deliveredShare * 100).toFixed(1)}%) | ${round.lost} | ${round.seconds.toFixed(1)} |\n`,
    );
  }
  save("udp-cr.json", { machine, options, rounds });
}

async function coldStartSection(machine: string): Promise<void> {
  process.stdout.write("\n## Lambda cold start: bundles as `cdk synth` builds them\n");
  const samples = Number(process.env.BENCH_COLDSTART_SAMPLES ?? 21);
  const compareRoot = process.env.BENCH_COLDSTART_COMPARE;
  const levers = process.env.BENCH_COLDSTART_LEVERS === "1";
  const coldStart = await runColdStartBench({
    samples,
    levers,
    ...(compareRoot && { compareRoot }),
  });
  process.stdout.write(
    "| tree | bundling | entry | NODE_OPTIONS=--enable-source-maps | files | bundle (KiB) | loaded at init (KiB) | source maps (KiB) | process start to handler, median (ms) | import + init, median (ms) | CPU to handler, median (ms) | then the lazy AWS adapters' import, median (ms) | samples |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
  );
  const kib = (bytes: number) => (bytes / 1024).toFixed(0);
  for (const row of coldStart) {
    process.stdout.write(
      `| ${row.tree} | ${row.bundling} | ${row.entry} | ${row.sourceMaps ? "yes" : row.bundling === "deployed" ? "no (as deployed)" : "no"} | ${row.files.length} | ${kib(row.bundleBytes)} | ${kib(row.initBytes)} | ${kib(row.sourceMapBytes)} | ${row.readyMedianMs.toFixed(1)} | ${row.importMedianMs.toFixed(1)} | ${row.cpuMedianMs.toFixed(1)} | ${row.lazyAdaptersMedianMs?.toFixed(1) ?? "-"} | ${row.samples} |\n`,
    );
  }
  save("cold-start.json", { machine, coldStart });
}

function codecSection(machine: string): void {
  process.stdout.write("## CWMP codec\n");
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 400);
  const codec = runCodecBench({ iterations });
  process.stdout.write(
    "| message | bytes | decode p50 (µs) | encode p50 (µs) | bare fast-xml-parser p50 (µs) | decode / bare |\n|---|---:|---:|---:|---:|---:|\n",
  );
  for (const row of codec) {
    process.stdout.write(
      `| ${row.message} | ${row.bytes} | ${row.decodeMedianUs.toFixed(1)} | ${row.encodeMedianUs.toFixed(1)} | ${row.bareParseMedianUs.toFixed(1)} | ${row.decodeToBareRatio.toFixed(2)} |\n`,
    );
  }
  save("codec.json", { machine, iterations, codec });
}

function save(file: string, value: object): void {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL(file, dir),
    `${JSON.stringify({ at: new Date().toISOString(), ...value }, null, 2)}\n`,
  );
}

const resultsDir = () => new URL("./results/", import.meta.url);

await main();
