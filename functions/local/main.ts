import { createJsonLogger, type LogLevel } from "../adapters/log/json-logger.ts";
import { ConfigError } from "../config/config-error.ts";
import { envReader } from "../config/env-reader.ts";
import { readLogLevel } from "../config/log-level.ts";
import { createActivityCounter } from "./activity-counter.ts";
import {
  cwmpTlsBannerLine,
  eventsBannerLine,
  type LocalXmppState,
  plainHttpWarning,
  simulatorHint,
  xmppBannerLine,
} from "./local-banner-lines.ts";
import { readLocalConfig } from "./local-config.ts";
import { DataDirLockedError, DataDirOutdatedError, PortInUseError } from "./local-start-errors.ts";
import { startActivitySummary } from "./start-activity-summary.ts";
import { type LocalAcs, startLocalAcs } from "./start-local-acs.ts";

/** `npm start`: the local ACS. Ctrl-C stops it cleanly. */
async function main(): Promise<void> {
  // Node 20 is supported here; the SDK's nine-line "NodeVersionSupportWarning" (emitted when the
  // first client is built, so setting it before startLocalAcs suffices) would only bury the
  // banner. Also set by the npm scripts; this covers `npx tsx functions/local/main.ts`.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let config: ReturnType<typeof readLocalConfig>;
  let level: LogLevel;
  try {
    config = readLocalConfig(envReader(process.env), process.env);
    level = readLogLevel(envReader(process.env), "warn");
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createJsonLogger({ service: "local-acs", level });
  const activity = createActivityCounter();
  const acs = await startLocalAcs(config, logger, undefined, { activity }).catch(exitOnStartError);
  const xmpp = await xmppAfterSignIn(acs);
  const lines = [
    "",
    "Serverless ACS (local mode)",
    `  CWMP endpoint:  ${acs.cwmpUrl}   <- set your CPE's ManagementServer.URL to this`,
    ...cwmpTlsBannerLine(acs.cwmpTlsUrl, config.cwmpTls?.clientCa !== undefined),
    `  Console:        ${acs.consoleUrl}   (open in a browser; the API token is pre-filled)`,
    `  API:            ${acs.apiUrl}   (OpenAPI: ${acs.apiUrl}openapi.json)`,
    `  Files:          ${acs.filesUrl}   (CPEs download from here; uploads via POST /files)`,
    `  Bulk data:      ${acs.bulkDataUrl}   (TR-232 collector: BulkData.Profile.{i}.HTTP.URL)`,
    `  API token:      ${config.apiToken}   (send "Authorization: Bearer <token>"; set ACS_API_TOKEN to choose it)`,
    `  data:           ${config.dataDir ? `kept in ${config.dataDir}` : "in memory (set ACS_DATA_DIR to keep it)"}`,
    eventsBannerLine(acs.eventsFile),
    xmppBannerLine(xmpp),
    "",
    "  Try it with simulated CPEs:",
    simulatorHint({ cwmpUrl: acs.cwmpUrl, xmpp, extraCaCerts: process.env.NODE_EXTRA_CA_CERTS }),
    `    curl -H "Authorization: Bearer ${config.apiToken}" ${acs.apiUrl}devices`,
    "",
  ];
  if (config.cwmp.cpeAuth === "none") {
    lines.push(
      "  WARNING: CPE authentication is OFF (the local default). Any device can connect.",
      "           Set ACS_CPE_AUTH=digest with ACS_CPE_USERNAME and ACS_CPE_PASSWORD to require it.",
      "",
    );
  }
  lines.push(...plainHttpWarning(config.cwmp.cpeAuth));
  lines.push(
    "  Quiet from here: a summary each minute something happens (ACS_LOG_LEVEL=info for more).",
    "",
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  const summary = startActivitySummary({
    counter: activity,
    clock: { now: () => Date.now() },
    write: (line) => process.stdout.write(`${line}\n`),
  });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping...\n`);
    summary.stop();
    await acs.stop();
    process.stdout.write("stopped.\n");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** The XMPP state once the session is signed in, or after a few seconds of trying. */
async function xmppAfterSignIn(acs: LocalAcs): Promise<LocalXmppState> {
  const deadline = Date.now() + 5_000;
  let state = acs.xmpp();
  while (state.configured && state.status !== "online" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = acs.xmpp();
  }
  return state;
}

/** A port in use, a locked or outdated data directory: one line naming the variable, no stack. */
function exitOnStartError(error: unknown): never {
  if (
    error instanceof PortInUseError ||
    error instanceof DataDirLockedError ||
    error instanceof DataDirOutdatedError
  ) {
    process.stderr.write(`cannot start: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

await main();
