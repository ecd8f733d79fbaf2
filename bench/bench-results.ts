import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * The JSON files the benchmarks leave in bench/results/, as far as the summary needs them.
 * Percentiles added later (p90, codec p99) are optional so files from older runs still read;
 * a percentile of no samples is NaN, which JSON.stringify writes as null.
 */
const figure = z.number().nullable().optional();
const runInfo = { at: z.string(), machine: z.string() };

const codecFileSchema = z.object({
  ...runInfo,
  iterations: z.number().optional(),
  codec: z.array(
    z.object({
      message: z.string(),
      bytes: z.number(),
      decodeMedianUs: z.number(),
      decodeP90Us: figure,
      decodeP99Us: figure,
      encodeMedianUs: z.number(),
      encodeP90Us: figure,
      encodeP99Us: figure,
      bareParseMedianUs: z.number(),
      decodeToBareRatio: z.number(),
    }),
  ),
});

const sessionsFileSchema = z.object({
  ...runInfo,
  sessions: z.array(
    z.object({
      scenario: z.string(),
      sessions: z.number(),
      concurrency: z.number(),
      failedSessions: z.number(),
      exchangesPerSession: z.number(),
      sessionsPerSecond: z.number(),
      exchangeP50Ms: figure,
      exchangeP90Ms: figure,
      exchangeP99Ms: figure,
      sessionP50Ms: figure,
      sessionP90Ms: figure,
      sessionP99Ms: figure,
    }),
  ),
});

const senderFileSchema = z.object({
  ...runInfo,
  rows: z.array(
    z.object({
      path: z.string(),
      perRound: z.number(),
      rounds: z.number(),
      concurrency: z.number(),
      failures: z.number(),
      perSecond: z.number(),
      p50Ms: figure,
      p90Ms: figure,
      p99Ms: figure,
      ratioToRaw: z.number().optional(),
    }),
  ),
});

const provisioningFileSchema = z.object({
  ...runInfo,
  provisioning: z.object({
    devices: z.number(),
    concurrency: z.number(),
    xmppRetryInitialMs: z.number().optional(),
    provisioned: z.number(),
    failed: z.number(),
    devicesPerSecond: z.number(),
    readyP50Ms: figure,
    readyP90Ms: figure,
    readyP99Ms: figure,
    provisioningSessionExchanges: figure,
    sessionsUntilReady: figure,
    dynamoRequestsPerDevice: figure,
    connectionRequests: z.object({
      waitSeconds: z.number(),
      concurrency: z.number(),
      requests: z.number(),
      failed: z.number(),
      methods: z.record(z.string(), z.number()),
      perSecond: z.number(),
      p50Ms: figure,
      p90Ms: figure,
      p99Ms: figure,
      senderP50Ms: figure,
    }),
  }),
});

const chaosFileSchema = z.object({
  ...runInfo,
  chaos: z.object({
    devices: z.number(),
    misbehaving: z.number(),
    fraction: z.number(),
    seed: z.number(),
    periodicIntervalSec: z.number(),
    idleTimeoutSec: z.number(),
    tasks: z.number(),
    byStatus: z.record(z.string(), z.number()),
    faultedByDesign: z.number(),
    unfinished: z.number(),
    sessionsUntilDoneMax: figure,
    sessionsUntilDoneP50: figure,
    sessionsUntilDoneP99: figure,
    timeToTerminalP50Ms: figure,
    timeToTerminalP90Ms: figure,
    timeToTerminalP99Ms: figure,
    busyResponses: z.number(),
    longestRefusalMs: figure,
    repeatedRpcs: z.number(),
    lostValues: z.number(),
    elapsedMs: z.number(),
    loadAverage: z.tuple([z.number(), z.number()]).optional(),
  }),
});

const rolloutFileSchema = z.object({
  ...runInfo,
  rollout: z.object({
    devices: z.number(),
    connectionRequestsPerSecond: z.number(),
    maxInSession: z.number(),
    imageBytes: z.number(),
    campaignApi: z.enum(["v1", "v2"]),
    status: z.string(),
    succeeded: z.number(),
    notUpgraded: z.number(),
    onNewVersion: z.number(),
    wallMs: z.number(),
    upgradedPerMinute: z.number(),
    dynamoRequests: z.number(),
    dynamoRequestsPerUpgradedDevice: figure,
    dynamoByOperation: z.record(z.string(), z.number()),
    deviceRequestsMedian: figure,
    unattributedPerUpgradedDevice: figure,
    statusPolls: z.number(),
    wakeToUpgradedP50Ms: figure,
    wakeToUpgradedP90Ms: figure,
    wakeToUpgradedP99Ms: figure,
    connectionRequestsAccepted: z.number(),
    connectionRequestsBusy: z.number(),
    achievedCrPerSecond: figure,
    acsCpuMsPerUpgradedDevice: figure,
    loadAverage: z.tuple([z.number(), z.number()]),
  }),
});

export type CodecResults = z.output<typeof codecFileSchema>;
export type SessionsResults = z.output<typeof sessionsFileSchema>;
export type SenderResults = z.output<typeof senderFileSchema>;
export type ProvisioningResults = z.output<typeof provisioningFileSchema>;
export type ChaosResults = z.output<typeof chaosFileSchema>;
export type RolloutResults = z.output<typeof rolloutFileSchema>;

/** The last saved run of each benchmark; absent when it never ran here. */
export interface BenchResults {
  readonly codec?: CodecResults;
  readonly sessions?: SessionsResults;
  readonly sender?: SenderResults;
  readonly provisioning?: ProvisioningResults;
  readonly chaos?: ChaosResults;
  readonly rollout?: RolloutResults;
}

/** A results file that exists but cannot be read or is not what its benchmark writes. */
export class BenchResultsError extends Error {
  readonly path: string;

  constructor(path: string, options: { cause: unknown }) {
    super(`cannot use benchmark results ${path}: ${describe(options.cause)}`, options);
    this.name = "BenchResultsError";
    this.path = path;
  }
}

const describe = (cause: unknown) =>
  cause instanceof z.ZodError
    ? z.prettifyError(cause).replaceAll("\n", "; ")
    : cause instanceof Error
      ? cause.message
      : String(cause);

/**
 * Reads codec.json, sessions.json, sender.json, provisioning.json, chaos.json and rollout.json
 * from `dir` (the ones that exist).
 */
export function readBenchResults(dir: string): BenchResults {
  const codec = readResultsFile(join(dir, "codec.json"), codecFileSchema);
  const sessions = readResultsFile(join(dir, "sessions.json"), sessionsFileSchema);
  const sender = readResultsFile(join(dir, "sender.json"), senderFileSchema);
  const provisioning = readResultsFile(join(dir, "provisioning.json"), provisioningFileSchema);
  const chaos = readResultsFile(join(dir, "chaos.json"), chaosFileSchema);
  const rollout = readResultsFile(join(dir, "rollout.json"), rolloutFileSchema);
  return {
    ...(codec !== undefined && { codec }),
    ...(sessions !== undefined && { sessions }),
    ...(sender !== undefined && { sender }),
    ...(provisioning !== undefined && { provisioning }),
    ...(chaos !== undefined && { chaos }),
    ...(rollout !== undefined && { rollout }),
  };
}

function readResultsFile<S extends z.ZodType>(path: string, schema: S): z.output<S> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    // Never run on this checkout: the summary shows the other benchmarks.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new BenchResultsError(path, { cause: error });
  }
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw new BenchResultsError(path, { cause: error });
  }
}
