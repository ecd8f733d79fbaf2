import { parseArgs } from "node:util";
import { CliArgumentError } from "./errors.ts";
import {
  type MisbehaviourArgs,
  misbehaviourFlags,
  misbehaviourUsage,
  parseMisbehaviourArgs,
} from "./misbehaviour-args.ts";

export interface CliArgs extends MisbehaviourArgs {
  readonly acsUrl: string;
  readonly count: number;
  readonly periodicIntervalSec: number;
  readonly crPort: number;
  readonly serialPrefix: string;
  readonly username: string;
  readonly password: string;
  readonly durationSec: number | undefined;
  readonly bootStaggerMs: number;
  /** ManagementServer.ConnectionRequestUsername/Password of every simulated device. */
  readonly crUsername: string;
  readonly crPassword: string;
  /** Download GETs the URL (default); false: `--simulated-downloads`, the URL is never contacted. */
  readonly realDownloads: boolean;
  /** Upload PUTs the file to the URL (default); false: `--simulated-uploads`, never contacted. */
  readonly realUploads: boolean;
  /** Client certificate and key paths (`{serial}` becomes each device's serial number), CA path. */
  readonly tlsFiles: CliTlsFiles;
}

export interface CliTlsFiles {
  readonly cert?: string;
  readonly key?: string;
  readonly ca?: string;
}

/**
 * The connection-request credentials the simulator and the local ACS use by
 * default, so the README walkthrough wakes devices out of the box. In
 * production the ACS provisions per-device credentials instead.
 */
export const defaultLocalCrCredentials = {
  username: "acs-local",
  password: "acs-local-cr",
} as const;

export const usage = `Usage: npm run sim -- --acs <url> [options]
  --acs <url>             ACS URL (ManagementServer.URL), e.g. http://127.0.0.1:7547/
  --count <n>             number of devices (default 1)
  --periodic <sec>        PeriodicInformInterval (default 3600)
  --cr-port <port>        port of the shared connection-request listener (default: any free)
  --serial-prefix <text>  serial numbers are prefix + 6 digits (default SIM)
  --username <name>       ACS username (ManagementServer.Username)
  --password <secret>     ACS password (ManagementServer.Password)
  --duration <sec>        stop after this many seconds (default: until Ctrl-C)
  --stagger <ms>          spread the first boots over this many ms (default 0)
  --cr-username <name>    ConnectionRequestUsername of every device (default acs-local, as npm start)
  --cr-password <secret>  ConnectionRequestPassword of every device (default acs-local-cr, as npm start)
  --simulated-downloads   Download never contacts the URL (default: GET it, check it, install its version)
  --simulated-uploads     Upload never contacts the URL (default: PUT the configuration dump or log to it)
  --cert <file>           client certificate (PEM) for an https ACS (mutual TLS); "{serial}" in the
                          path becomes each device's serial number, for one certificate per device
  --key <file>            its private key (PEM); "{serial}" as for --cert
  --ca <file>             CA certificate(s) (PEM) the ACS's certificate chains to (default: system CAs)
  -h, --help              print this usage and exit
${misbehaviourUsage}`;

/** `--help` (or `-h`) anywhere on the line: print the usage, run nothing. */
export interface HelpRequest {
  readonly help: true;
}

/**
 * Reads the simulator's command line (node:util parseArgs); throws CliArgumentError.
 * `--help` wins over everything else, so `npm run sim -- --help` needs no `--acs`.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs | HelpRequest {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        acs: { type: "string" },
        count: { type: "string", default: "1" },
        periodic: { type: "string", default: "3600" },
        "cr-port": { type: "string", default: "0" },
        "serial-prefix": { type: "string", default: "SIM" },
        username: { type: "string", default: "" },
        password: { type: "string", default: "" },
        duration: { type: "string" },
        stagger: { type: "string", default: "0" },
        "cr-username": { type: "string", default: defaultLocalCrCredentials.username },
        "cr-password": { type: "string", default: defaultLocalCrCredentials.password },
        "simulated-downloads": { type: "boolean", default: false },
        "simulated-uploads": { type: "boolean", default: false },
        cert: { type: "string" },
        key: { type: "string" },
        ca: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        ...misbehaviourFlags,
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliArgumentError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (values.help === true) return { help: true };
  const acs = values.acs;
  if (typeof acs !== "string" || !URL.canParse(acs))
    throw new CliArgumentError("--acs <url> is required");
  const duration = values.duration;
  return {
    acsUrl: acs,
    count: integer(values, "count", 1),
    periodicIntervalSec: integer(values, "periodic", 1),
    crPort: integer(values, "cr-port", 0),
    serialPrefix: String(values["serial-prefix"]),
    username: String(values.username),
    password: String(values.password),
    durationSec: duration === undefined ? undefined : integer(values, "duration", 1),
    bootStaggerMs: integer(values, "stagger", 0),
    crUsername: String(values["cr-username"]),
    crPassword: String(values["cr-password"]),
    realDownloads: values["simulated-downloads"] !== true,
    realUploads: values["simulated-uploads"] !== true,
    tlsFiles: tlsFiles(values),
    ...parseMisbehaviourArgs(values),
  };
}

/** --cert and --key go together: a certificate without its key cannot sign the handshake. */
function tlsFiles(values: Record<string, unknown>): CliTlsFiles {
  const { cert, key, ca } = values;
  if ((cert === undefined) !== (key === undefined))
    throw new CliArgumentError("--cert and --key go together");
  return {
    ...(typeof cert === "string" && { cert }),
    ...(typeof key === "string" && { key }),
    ...(typeof ca === "string" && { ca }),
  };
}

function integer(values: Record<string, unknown>, flag: string, minimum: number): number {
  const text = String(values[flag]);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < minimum) {
    throw new CliArgumentError(`--${flag} must be an integer >= ${minimum}, got "${text}"`);
  }
  return number;
}
