/**
 * A diagnostic test run by a CPE on the ACS's request (TR-143 test objects, in TR-181
 * `Device.IP.Diagnostics.*` / `Device.DNS.Diagnostics.*` and TR-098 `InternetGatewayDevice.*Diagnostics.`).
 * The ACS sets the arguments and `DiagnosticsState = Requested` in one SetParameterValues; the
 * CPE runs the test after the session and reports `8 DIAGNOSTICS COMPLETE` in a new session
 * (TR-069 3.7.1.5 Table 7); the ACS then reads the result subtree.
 */
export const diagnosticTypes = [
  "IPPing",
  "TraceRoute",
  "DownloadDiagnostics",
  "UploadDiagnostics",
  "NSLookup",
  "ServerSelection",
] as const;

export type DiagnosticType = (typeof diagnosticTypes)[number];

/**
 * requested: the SetParameterValues is queued (or in flight); running: the CPE accepted it and
 * runs the test; completed / failed / timedOut: final. `timedOut` is never waited for by a
 * timer: a diagnostic still open past its `deadline` reads as timed out (`diagnosticState`).
 */
export const diagnosticStates = [
  "requested",
  "running",
  "completed",
  "failed",
  "timedOut",
] as const;

export type DiagnosticState = (typeof diagnosticStates)[number];

export const finalDiagnosticStates: ReadonlySet<DiagnosticState> = new Set([
  "completed",
  "failed",
  "timedOut",
]);

/** An argument as the API took it: the parameter's value before it is written as a string. */
export type DiagnosticArgumentValue = string | number;

export interface PingTimes {
  /** Milliseconds, as the CPE reported them (TR-143 AverageResponseTime etc.). */
  readonly averageResponseTimeMs: number;
  readonly minimumResponseTimeMs: number;
  readonly maximumResponseTimeMs: number;
}

export interface TraceRouteHop {
  readonly host: string;
  readonly hostAddress: string;
  /** ICMP error code of the hop (0 = none). */
  readonly errorCode: number;
  /** Round-trip times of each try, milliseconds. */
  readonly rttTimesMs: readonly number[];
}

export interface NsLookupAnswer {
  /** Success, Error_DNSServerNotAvailable, Error_HostNameNotResolved, Error_Timeout, Error_Other. */
  readonly status: string;
  /** None, Authoritative, NonAuthoritative. */
  readonly answerType: string;
  readonly hostNameReturned: string;
  readonly ipAddresses: readonly string[];
  readonly dnsServerIp: string;
  readonly responseTimeMs: number;
}

/** What a completed test measured, one shape per type. */
export type DiagnosticResult =
  | ({
      readonly type: "IPPing";
      readonly successCount: number;
      readonly failureCount: number;
    } & PingTimes)
  | {
      readonly type: "TraceRoute";
      readonly responseTimeMs: number;
      readonly hops: readonly TraceRouteHop[];
    }
  | {
      readonly type: "DownloadDiagnostics" | "UploadDiagnostics";
      /** Payload bytes between BOMTime and EOMTime (TR-143 TestBytesReceived/TestBytesSent, else totals). */
      readonly bytes: number;
      /** EOMTime - BOMTime, milliseconds (microsecond timestamps kept to 3 decimals). */
      readonly durationMs: number;
      /** bytes * 8 / duration; 0 when the duration is 0. */
      readonly throughputBitsPerSecond: number;
      /** TCPOpenResponseTime - TCPOpenRequestTime, milliseconds, when the CPE reports both. */
      readonly connectTimeMs?: number;
      readonly romTime?: string;
      readonly bomTime: string;
      readonly eomTime: string;
    }
  | {
      readonly type: "NSLookup";
      readonly successCount: number;
      readonly answers: readonly NsLookupAnswer[];
    }
  | ({
      readonly type: "ServerSelection";
      readonly fastestHost: string;
    } & PingTimes);

/** Why a diagnostic failed: the CPE's error state, a refused request, or a lost test. */
export interface DiagnosticFailure {
  /** The DiagnosticsState the CPE reported (e.g. Error_CannotResolveHostName), if it reported one. */
  readonly cpeState?: string;
  /** The CWMP fault of the SetParameterValues or GetParameterValues, if one ended it. */
  readonly fault?: { readonly code: number; readonly string: string };
  readonly reason: string;
}

export interface DiagnosticRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly type: DiagnosticType;
  /** The test object, e.g. Device.IP.Diagnostics.IPPing. or InternetGatewayDevice.IPPingDiagnostics. */
  readonly objectPath: string;
  readonly arguments: Readonly<Record<string, DiagnosticArgumentValue>>;
  readonly state: DiagnosticState;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Not final by then: timed out (the CPE never reported completion). */
  readonly deadline: number;
  /** The SetParameterValues task that starts the test. */
  readonly requestTaskId: string;
  /** The GetParameterValues task that reads the result, once 8 DIAGNOSTICS COMPLETE came. */
  readonly resultTaskId?: string;
  readonly result?: DiagnosticResult;
  readonly failure?: DiagnosticFailure;
}
