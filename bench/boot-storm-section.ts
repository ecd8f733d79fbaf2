import { writeFileSync } from "node:fs";
import { type BootStormResult, bootStormTable, runBootStormBench } from "./boot-storm-bench.ts";
import { renderTimeSeriesSvg } from "./svg-time-series.ts";

/**
 * `BENCH_ONLY=bootstorm`: runs the boot storm (BENCH_BOOTSTORM_DEVICES, default 5000), prints
 * its table and writes boot-storm.svg (sessions/s and 503s/s over time) into `resultsDir`.
 */
export async function bootStormSection(machine: string, resultsDir: URL): Promise<BootStormResult> {
  const result = await runBootStormBench({
    devices: Number(process.env.BENCH_BOOTSTORM_DEVICES ?? 5000),
    timeoutSec: Number(process.env.BENCH_BOOTSTORM_TIMEOUT_SECONDS ?? 300),
  });
  process.stdout.write(bootStormTable(result));
  const drain = result.drainSeconds;
  const svg = renderTimeSeriesSvg({
    title: `Boot storm: ${result.devices} CPEs at once against the local ACS`,
    subtitle: `ACS_MAX_IN_FLIGHT ${result.maxInFlight}; session p50 ${Math.round(result.sessionP50Ms)} ms, p99 ${Math.round(result.sessionP99Ms)} ms; ACS peak RSS ${result.acsPeakRssMiB} MiB; ${machine}`,
    yLabel: "per second",
    series: [
      {
        label: "sessions completed/s",
        color: "#1f77b4",
        values: result.timeline.map((s) => s.completed),
      },
      {
        label: "503 + Retry-After/s",
        color: "#d62728",
        values: result.timeline.map((s) => s.busy),
      },
    ],
    ...(drain !== undefined && {
      marker: { second: drain, label: `all ${result.devices} done: ${drain.toFixed(1)} s` },
    }),
  });
  writeFileSync(new URL("boot-storm.svg", resultsDir), svg);
  return result;
}
