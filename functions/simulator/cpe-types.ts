import type { CwmpCodec, CwmpNamespace, EventStruct } from "../core/cwmp/index.ts";
import type { UdpConnectionRequestVerdict } from "../core/stun/udp-connection-request.ts";
import type { CpeStunClientOptions } from "./cpe-stun-client.ts";
import type { CpeXmppClientOptions } from "./cpe-xmpp-client.ts";
import type { DataModel } from "./data-model.ts";
import type { DeviceProfile, DeviceProfileInput } from "./device-profile.ts";
import type { FetchLimits } from "./fetch-file.ts";
import type { CpeTlsOptions } from "./http-post.ts";
import type { Misbehaviours } from "./misbehaviours.ts";
import type { UploadLimits } from "./put-file.ts";
import type { SessionResult } from "./session-client.ts";
import type { UploadRecord } from "./upload-outcome.ts";

export type CpeState = "off" | "idle" | "in-session" | "waiting-retry" | "rebooting";

/** One finished (or failed) session, as the device saw it. */
export interface SessionRecord {
  readonly events: readonly EventStruct[];
  readonly result: SessionResult;
  readonly durationMs: number;
  /**
   * The ACS RPCs the device received in this session, in order, as `rpcSignature`s (an RPC the
   * device hung up on included): a per-session RPC histogram seen from the CPE side.
   */
  readonly rpcs: readonly string[];
}

export interface CpeObserver {
  readonly onBoot?: (serialNumber: string) => void;
  readonly onSessionEnd?: (serialNumber: string, record: SessionRecord) => void;
  readonly onExchange?: (latencyMs: number) => void;
  /** A connection request reached the device (HTTP or XMPP) and was accepted or refused as busy. */
  readonly onConnectionRequest?: (serialNumber: string, outcome: "accepted" | "busy") => void;
  /** A UDP connection request datagram reached the device (TR-069 Annex G), and the verdict. */
  readonly onUdpConnectionRequest?: (
    serialNumber: string,
    verdict: UdpConnectionRequestVerdict,
  ) => void;
  /** An Upload ended (before its TransferComplete is sent): what was sent where, and how it went. */
  readonly onUpload?: (serialNumber: string, upload: UploadRecord) => void;
}

export interface SimulatedCpeOptions extends DeviceProfileInput {
  /** Reported as ManagementServer.ConnectionRequestURL (the CR listener's URL for us). */
  readonly connectionRequestUrl?: string;
  /** @default "urn:dslforum-org:cwmp-1-0" */
  readonly cwmpNamespace?: CwmpNamespace;
  readonly codec?: CwmpCodec;
  /** Overrides CWMPRetryMinimumWaitInterval (seconds, fractions allowed) for fast tests. */
  readonly retryMinWaitSec?: number;
  /** How long a reboot takes. @default 2000 */
  readonly rebootDelayMs?: number;
  /** How long a simulated Download/Upload takes after its DelaySeconds. @default 1000 */
  readonly transferDurationMs?: number;
  /** How long a requested diagnostic test runs before 8 DIAGNOSTICS COMPLETE (run-diagnostic.ts). @default 500 */
  readonly diagnosticDurationMs?: number;
  /**
   * Download really GETs the URL (HTTP/HTTPS, within these bounds), checks the file and
   * installs the version the image names (firmware-image.ts). @default simulated: the URL
   * is never contacted
   */
  readonly httpDownloads?: FetchLimits;
  /**
   * Upload really PUTs the FileType's file (upload-content.ts: a dump of the data model, or a
   * log) to the URL (HTTP/HTTPS). @default simulated: the URL is never contacted
   */
  readonly httpUploads?: UploadLimits;
  /** @default 60000 */
  readonly sessionTimeoutMs?: number;
  /**
   * This device's client certificate and key (mutual TLS; its CN should be the device id,
   * OUI-ProductClass-SerialNumber) and the CA it trusts for an https ACS URL.
   */
  readonly tls?: CpeTlsOptions;
  readonly observer?: CpeObserver;
  /** XMPP client settings the data model does not hold (TLS trust, faster retries for tests). */
  readonly xmpp?: Pick<
    CpeXmppClientOptions,
    | "tlsCa"
    | "tlsRejectUnauthorized"
    | "retryInitialMs"
    | "connectTimeoutMs"
    | "openEndpoint"
    | "resolveDomain"
  >;
  /** STUN client settings the data model does not hold (faster keep-alives, the bound address). */
  readonly stun?: Pick<CpeStunClientOptions, "keepAliveMs" | "bindAddress" | "maxSkewSeconds">;
  /** @default Math.random */
  readonly random?: () => number;
  /** Ways this device departs from TR-069, each opt-in. @default none */
  readonly misbehaviours?: Misbehaviours;
}

export interface SimulatedCpe {
  readonly serialNumber: string;
  readonly profile: DeviceProfile;
  readonly misbehaviours: Misbehaviours;
  state(): CpeState;
  model(): DataModel;
  /** The last sessions, newest last (at most 20). */
  sessions(): readonly SessionRecord[];
  /** Power on: boot and contact the ACS. */
  start(): void;
  /** Power off: cancel timers, abort a running session, wait for it to end. */
  stop(): Promise<void>;
  /** An authenticated connection request (TR-069 3.2.2); "busy" maps to HTTP 503. */
  connectionRequest(): "accepted" | "busy";
}
