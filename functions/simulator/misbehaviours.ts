import type { AcsMethod } from "../core/cwmp/index.ts";
import type { CpeFaultCode } from "./errors.ts";

/** An RPC the ACS sends (not a response to a CPE request, not a fault). */
export type AcsRpcMethod = Exclude<AcsMethod, `${string}Response` | "Fault">;

/** Every ACS RPC name once; `satisfies` makes a missing or extra name a compile error. */
const rpcNames = {
  GetRPCMethods: true,
  GetParameterNames: true,
  GetParameterValues: true,
  SetParameterValues: true,
  GetParameterAttributes: true,
  SetParameterAttributes: true,
  AddObject: true,
  DeleteObject: true,
  Reboot: true,
  Download: true,
  Upload: true,
  FactoryReset: true,
  ScheduleInform: true,
  ScheduleDownload: true,
  CancelTransfer: true,
  ChangeDUState: true,
  GetQueuedTransfers: true,
  GetAllQueuedTransfers: true,
} as const satisfies Record<AcsRpcMethod, true>;

export const acsRpcMethods = Object.keys(rpcNames) as AcsRpcMethod[];

export function isAcsRpcMethod(name: string): name is AcsRpcMethod {
  return Object.hasOwn(rpcNames, name);
}

/** Answer matching RPCs with a CWMP fault (TR-069 A.5.1) instead of carrying them out. */
export interface FaultRule {
  readonly method: AcsRpcMethod;
  readonly faultCode: CpeFaultCode;
  /**
   * Only when a parameter or object name of the RPC starts with this (GPV/GPN/GPA/SPV/SPA
   * names, AddObject/DeleteObject ObjectName). @default every call of `method`
   */
  readonly pathPrefix?: string;
  /** Fault this many times per device, then behave. @default unbounded */
  readonly times?: number;
}

/**
 * The Device.XMPP.Connection table (TR-181 Annex K objects). "standard": addable
 * connections with a Server table; "fixed-instance": one Connection.1 that AddObject
 * (9005) and DeleteObject (9001) refuse; "no-server-table": an older object without
 * Connection.{i}.Server. and without ServerConnectAlgorithm.
 */
export type XmppObjectVariant = "standard" | "fixed-instance" | "no-server-table";

/**
 * An injected Download failure: "fault" reports TransferComplete with 9010 (download failure)
 * and installs nothing; "corrupt-image" reports success (FaultCode 0) and reboots, but the old
 * firmware keeps running, so DeviceInfo.SoftwareVersion does not change.
 */
export type DownloadFailure = "fault" | "corrupt-image";

/** A wrong soap-enc:arrayType count (TR-069 A.2.1): always 0, or the real count plus `offset`. */
export type ArrayTypeCountSkew = "zero" | { readonly offset: number };

/**
 * Ways real CPEs depart from TR-069, each opt-in; an absent field (the default,
 * `{}`) means the device behaves. Counters ("times") are per device and survive
 * reboots, so a device with bounded misbehaviours eventually behaves.
 */
export interface Misbehaviours {
  /**
   * On receiving this RPC, close the HTTP connection without answering, then come back at
   * once with a fresh `1 BOOT` Inform and no cookie (an agent that crashes and restarts).
   * `times` @default 1.
   */
  readonly dieOn?: { readonly method: AcsRpcMethod; readonly times?: number };
  /** On Reboot, close the connection without RebootResponse, then reboot (`1 BOOT`, `M Reboot`). */
  readonly rebootWithoutAnswer?: boolean;
  /** Rules tried in order; the first that matches (and has calls left) faults the RPC. */
  readonly faultOn?: readonly FaultRule[];
  /** @default "standard" */
  readonly xmppObject?: XmppObjectVariant;
  /** First contact is `2 PERIODIC`, reboots send `1 BOOT`; never `0 BOOTSTRAP` (TR-069 3.7.1.5). */
  readonly neverBootstrap?: boolean;
  /**
   * TransferComplete (and `7 TRANSFER COMPLETE`) waits for a later session that is not the boot
   * session after the transfer (the next periodic or connection-request session).
   */
  readonly lateTransferComplete?: boolean;
  /** Send each Set-Cookie line back verbatim as the Cookie header, attributes included. */
  readonly echoSetCookie?: boolean;
  /** Wrong counts in every soap-enc:arrayType the device sends (Inform and responses). */
  readonly arrayTypeCount?: ArrayTypeCountSkew;
  /** Wait this long before answering each ACS RPC. @default 0 */
  readonly replyDelayMs?: number;
  /**
   * Treat this many InformResponses (per device) as lost: hang up, back off (TR-069 3.2.1.1)
   * and send the Inform again with RetryCount + 1 and no cookie.
   */
  readonly loseInformResponse?: number;
  /** Answer these RPCs with an empty POST instead of a response or a fault. */
  readonly emptyPostFor?: readonly AcsRpcMethod[];
  /** GetParameterValues leaves unknown names out of its answer instead of faulting 9005. */
  readonly omitUnknownGpvPaths?: boolean;
  /** SOAP faults the device sends carry `<detail>` inside `<faultstring>` (malformed). */
  readonly faultDetailInFaultString?: boolean;
  /**
   * The connection-request listener accepts the Digest answer only in a header spelled exactly
   * `Authorization` (a byte-wise match, as some agents do), otherwise 401.
   */
  readonly canonicalHeaderNamesOnly?: boolean;
  /**
   * Answer the ACS's Digest challenge RFC 2069 style, without qop, nc or cnonce (as one real
   * agent does), whatever qop the ACS offered.
   */
  readonly digestWithoutQop?: boolean;
  /** Every Download this device gets fails this way (a rollout's failing share of devices). */
  readonly failDownloads?: DownloadFailure;
  /** Every Upload this device gets fails with 9011 without contacting the URL. */
  readonly failUploads?: boolean;
}

/** A well-behaved device. */
export const noMisbehaviours: Misbehaviours = {};

/** The names of the misbehaviours a device has, for logs and summaries. */
export function misbehaviourNames(misbehaviours: Misbehaviours): string[] {
  return Object.entries(misbehaviours)
    .filter(
      ([key, value]) =>
        value !== undefined && value !== false && key !== "xmppObject" && key !== "failDownloads",
    )
    .map(([key]) => key)
    .concat(
      misbehaviours.xmppObject !== undefined && misbehaviours.xmppObject !== "standard"
        ? [`xmppObject:${misbehaviours.xmppObject}`]
        : [],
      misbehaviours.failDownloads === undefined
        ? []
        : [`failDownloads:${misbehaviours.failDownloads}`],
    );
}
