/**
 * `npm run sim -- --acs http://127.0.0.1:7547/ --count 100`: a fleet of
 * simulated TR-181 devices against an ACS; progress on stderr, summary on
 * stdout, clean stop on Ctrl-C (SIGINT) or SIGTERM.
 */

import { parseCliArgs, usage } from "./cli-args.ts";
import { cliTls } from "./cli-tls.ts";
import { downloadFailureFleet } from "./download-failure-fleet.ts";
import { CliArgumentError } from "./errors.ts";
import { type FleetSummary, runFleet } from "./fleet.ts";
import { randomFleetMisbehaviours } from "./random-misbehaviours.ts";
import { uploadFailureFleet } from "./upload-failure-fleet.ts";

function format(summary: FleetSummary): string {
  const ms = (value: number | undefined): string =>
    value === undefined ? "-" : `${value.toFixed(1)} ms`;
  const { stats } = summary;
  const lines = [
    `elapsed            ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `devices booted     ${stats.devicesBooted} (${stats.boots} boots)`,
    `sessions completed ${stats.sessionsCompleted}`,
    `sessions failed    ${stats.sessionsFailed}`,
    `sessions 503       ${stats.sessionsBusy}`,
    `sessions hung up   ${stats.sessionsHungUp}`,
    `CRs accepted       ${stats.connectionRequestsAccepted} (busy ${stats.connectionRequestsBusy})`,
    `exchange p50/p99   ${ms(summary.exchangeP50Ms)} / ${ms(summary.exchangeP99Ms)}`,
    `session p50/p99    ${ms(summary.sessionP50Ms)} / ${ms(summary.sessionP99Ms)}`,
  ];
  if (stats.recentErrors.length > 0)
    lines.push("recent errors:", ...stats.recentErrors.map((e) => `  ${e}`));
  return lines.join("\n");
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if ("help" in parsed) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const args = parsed;
  const random = args.random === undefined ? undefined : randomFleetMisbehaviours(args.random);
  const failing =
    args.downloadFailures === undefined ? undefined : downloadFailureFleet(args.downloadFailures);
  const failingUploads =
    args.uploadFailures === undefined ? undefined : uploadFailureFleet(args.uploadFailures);
  const tls = cliTls(args.tlsFiles);
  const fleet = await runFleet({
    acsUrl: args.acsUrl,
    ...(tls && { tls }),
    count: args.count,
    periodicIntervalSec: args.periodicIntervalSec,
    crPort: args.crPort,
    serialPrefix: args.serialPrefix,
    acsUsername: args.username,
    acsPassword: args.password,
    bootStaggerMs: args.bootStaggerMs,
    progress: process.stderr,
    misbehaviours: (index) => ({
      ...args.misbehaviours,
      ...random?.(index),
      ...failing?.(index),
      ...failingUploads?.(index),
    }),
    device: {
      connectionRequestUsername: args.crUsername,
      connectionRequestPassword: args.crPassword,
      ...(args.realDownloads ? { httpDownloads: {} } : {}),
      ...(args.realUploads ? { httpUploads: {} } : {}),
    },
    ...(args.durationSec === undefined ? {} : { durationSec: args.durationSec }),
  });
  process.stderr.write(
    `${args.count} devices, connection requests at ${fleet.crListener.urlFor("")}<serial>\n`,
  );
  const onSignal = (): void => void fleet.stop();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const summary = await fleet.finished;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.stdout.write(`${format(summary)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof CliArgumentError) {
    process.stderr.write(`${error.message}\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
