import type { ParseArgsConfig } from "node:util";
import type { DownloadFailureMode, DownloadFailureShare } from "./download-failure-fleet.ts";
import { CliArgumentError, type CpeFaultCode, cpeFaultStrings } from "./errors.ts";
import {
  type AcsRpcMethod,
  type ArrayTypeCountSkew,
  type FaultRule,
  isAcsRpcMethod,
  type Misbehaviours,
  type XmppObjectVariant,
} from "./misbehaviours.ts";
import type { UploadFailureShare } from "./upload-failure-fleet.ts";

/** The command-line flags of Misbehaviours (node:util parseArgs options). */
export const misbehaviourFlags = {
  "die-on": { type: "string" },
  "reboot-without-answer": { type: "boolean", default: false },
  "fault-on": { type: "string", multiple: true },
  "xmpp-object": { type: "string" },
  "fixed-xmpp": { type: "boolean", default: false },
  "never-bootstrap": { type: "boolean", default: false },
  "late-transfer-complete": { type: "boolean", default: false },
  "echo-set-cookie": { type: "boolean", default: false },
  "wrong-array-count": { type: "string" },
  "reply-delay-ms": { type: "string" },
  "lose-inform-response": { type: "string" },
  "empty-post-for": { type: "string" },
  "omit-unknown-gpv": { type: "boolean", default: false },
  "fault-detail-in-faultstring": { type: "boolean", default: false },
  "canonical-headers-only": { type: "boolean", default: false },
  "digest-without-qop": { type: "boolean", default: false },
  misbehave: { type: "string" },
  "download-failures": { type: "string" },
  "upload-failures": { type: "string" },
  seed: { type: "string", default: "1" },
} as const satisfies ParseArgsConfig["options"];

export const misbehaviourUsage = `Misbehaviours (every device; off by default):
  --die-on <RPC>[:<times>]        close the connection on that RPC, come back with 1 BOOT, no cookie (times default 1)
  --reboot-without-answer         on Reboot, hang up without RebootResponse, then reboot (1 BOOT, M Reboot)
  --fault-on <RPC>:<code>[:<path prefix>[:<times>]]  answer with that CWMP fault (repeatable)
  --xmpp-object <variant>         standard | fixed-instance | no-server-table
  --fixed-xmpp                    same as --xmpp-object fixed-instance
  --never-bootstrap               first contact is 2 PERIODIC, never 0 BOOTSTRAP
  --late-transfer-complete        TransferComplete only in a later, non-boot session
  --echo-set-cookie               send the whole Set-Cookie line back as Cookie
  --wrong-array-count=<zero|+N|-N>  wrong soap-enc:arrayType counts (0, or the count + N)
  --reply-delay-ms <ms>           wait before answering each RPC
  --lose-inform-response <times>  treat InformResponses as lost, retry with RetryCount + 1
  --empty-post-for <RPC,...>      answer these RPCs with an empty POST
  --omit-unknown-gpv              leave unknown names out of GetParameterValues, no 9005
  --fault-detail-in-faultstring   nest <detail> inside <faultstring> in faults
  --canonical-headers-only        connection requests need the header spelled "Authorization"
  --digest-without-qop            answer the ACS's digest challenge RFC 2069 style (no qop, nc, cnonce)
  --misbehave random:<fraction>   on top: random bounded misbehaviours for that share of devices
  --download-failures <fraction>[:fault|:corrupt-image|:mixed]
                                  that share of devices fails every Download: TransferComplete 9010
                                  (fault, the default), or success that keeps the old SoftwareVersion
  --upload-failures <fraction>    that share of devices fails every Upload: TransferComplete 9011
  --seed <n>                      seed of --misbehave random, --download-failures and
                                  --upload-failures (default 1)`;

export interface MisbehaviourArgs {
  /** What every device does. */
  readonly misbehaviours: Misbehaviours;
  /** `--misbehave random:<fraction>`: extra random misbehaviours per device. */
  readonly random: { readonly fraction: number; readonly seed: number } | undefined;
  /** `--download-failures <fraction>[:mode]`: devices whose Downloads fail. */
  readonly downloadFailures: DownloadFailureShare | undefined;
  /** `--upload-failures <fraction>`: devices whose Uploads fail. */
  readonly uploadFailures: UploadFailureShare | undefined;
}

type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** Reads the misbehaviour flags; throws CliArgumentError naming the flag. */
export function parseMisbehaviourArgs(values: Values): MisbehaviourArgs {
  const text = (flag: string): string | undefined => {
    const value = values[flag];
    return typeof value === "string" ? value : undefined;
  };
  const on = (flag: string): true | undefined => (values[flag] === true ? true : undefined);
  const misbehaviours: Misbehaviours = {
    dieOn: optional(text("die-on"), dieOn),
    rebootWithoutAnswer: on("reboot-without-answer"),
    faultOn: faultRules(values["fault-on"]),
    xmppObject: xmppObject(text("xmpp-object"), values["fixed-xmpp"] === true),
    neverBootstrap: on("never-bootstrap"),
    lateTransferComplete: on("late-transfer-complete"),
    echoSetCookie: on("echo-set-cookie"),
    arrayTypeCount: optional(text("wrong-array-count"), arrayTypeCount),
    replyDelayMs: optional(text("reply-delay-ms"), (v) => count("reply-delay-ms", v, 0)),
    loseInformResponse: optional(text("lose-inform-response"), (v) =>
      count("lose-inform-response", v, 1),
    ),
    emptyPostFor: optional(text("empty-post-for"), (v) =>
      v.split(",").map((name) => rpcMethod("empty-post-for", name.trim())),
    ),
    omitUnknownGpvPaths: on("omit-unknown-gpv"),
    faultDetailInFaultString: on("fault-detail-in-faultstring"),
    canonicalHeaderNamesOnly: on("canonical-headers-only"),
    digestWithoutQop: on("digest-without-qop"),
  };
  const defined = Object.fromEntries(
    Object.entries(misbehaviours).filter(([, value]) => value !== undefined),
  ) as Misbehaviours;
  return {
    misbehaviours: defined,
    random: optional(text("misbehave"), (v) => randomShare(v, text("seed") ?? "1")),
    downloadFailures: optional(text("download-failures"), (v) =>
      downloadFailures(v, text("seed") ?? "1"),
    ),
    uploadFailures: optional(text("upload-failures"), (v) => ({
      fraction: fraction("upload-failures", v),
      seed: count("seed", text("seed") ?? "1", 0),
    })),
  };
}

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function count(flag: string, text: string, minimum: number): number {
  if (!/^\d+$/.test(text) || Number(text) < minimum)
    throw new CliArgumentError(`--${flag} must be an integer >= ${minimum}, got "${text}"`);
  return Number(text);
}

function fraction(flag: string, text: string): number {
  if (!/^\d*\.?\d+$/.test(text) || !(Number(text) <= 1))
    throw new CliArgumentError(`--${flag} must be a fraction 0..1, got "${text}"`);
  return Number(text);
}

function rpcMethod(flag: string, name: string): AcsRpcMethod {
  if (!isAcsRpcMethod(name)) throw new CliArgumentError(`--${flag}: "${name}" is not an ACS RPC`);
  return name;
}

function dieOn(text: string): NonNullable<Misbehaviours["dieOn"]> {
  const [method = "", times] = text.split(":");
  return {
    method: rpcMethod("die-on", method),
    ...(times === undefined ? {} : { times: count("die-on", times, 1) }),
  };
}

function faultRules(value: Values[string]): FaultRule[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((text) => {
    const [method = "", code = "", pathPrefix = "", times] = String(text).split(":");
    if (!Object.hasOwn(cpeFaultStrings, code)) {
      const known = Object.keys(cpeFaultStrings).join(", ");
      throw new CliArgumentError(`--fault-on: fault code must be one of ${known}, got "${code}"`);
    }
    return {
      method: rpcMethod("fault-on", method),
      faultCode: Number(code) as CpeFaultCode,
      ...(pathPrefix === "" ? {} : { pathPrefix }),
      ...(times === undefined ? {} : { times: count("fault-on", times, 1) }),
    };
  });
}

const xmppVariants: readonly XmppObjectVariant[] = [
  "standard",
  "fixed-instance",
  "no-server-table",
];

function xmppObject(text: string | undefined, fixed: boolean): XmppObjectVariant | undefined {
  if (text === undefined) return fixed ? "fixed-instance" : undefined;
  const variant = xmppVariants.find((known) => known === text);
  if (variant === undefined || (fixed && variant !== "fixed-instance"))
    throw new CliArgumentError(`--xmpp-object must be one of ${xmppVariants.join(", ")}`);
  return variant;
}

function arrayTypeCount(text: string): ArrayTypeCountSkew {
  if (text === "zero") return "zero";
  if (!/^[+-]?\d+$/.test(text) || Number(text) === 0)
    throw new CliArgumentError(`--wrong-array-count must be zero or a non-zero offset like +2`);
  return { offset: Number(text) };
}

function randomShare(text: string, seed: string): { fraction: number; seed: number } {
  const match = /^random:(\d*\.?\d+)$/.exec(text);
  const fraction = Number(match?.[1]);
  if (match === null || !(fraction >= 0 && fraction <= 1))
    throw new CliArgumentError(`--misbehave must be random:<fraction 0..1>, got "${text}"`);
  return { fraction, seed: count("seed", seed, 0) };
}

const downloadFailureModes: readonly DownloadFailureMode[] = ["fault", "corrupt-image", "mixed"];

function downloadFailures(text: string, seed: string): DownloadFailureShare {
  const [share = "", modeText = "fault"] = text.split(":");
  const fraction = Number(share);
  const mode = downloadFailureModes.find((known) => known === modeText);
  if (!/^\d*\.?\d+$/.test(share) || !(fraction <= 1) || mode === undefined)
    throw new CliArgumentError(
      `--download-failures must be <fraction 0..1>[:${downloadFailureModes.join("|")}], got "${text}"`,
    );
  return { fraction, mode, seed: count("seed", seed, 0) };
}
