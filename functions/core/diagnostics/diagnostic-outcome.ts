import { assertNever } from "../session/assert-never.ts";
import type {
  DiagnosticFailure,
  DiagnosticResult,
  DiagnosticType,
  NsLookupAnswer,
  TraceRouteHop,
} from "./diagnostic.ts";
import { transferResult } from "./transfer-throughput.ts";

/** A parameter as GetParameterValues returned it. */
export interface ReadParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * What the result subtree says: the test finished (a typed result), failed (the CPE's error
 * state), or is not over (`Requested`: another test's 8 DIAGNOSTICS COMPLETE woke the ACS).
 */
export type DiagnosticOutcome =
  | { readonly kind: "completed"; readonly result: DiagnosticResult }
  | { readonly kind: "failed"; readonly failure: DiagnosticFailure }
  | { readonly kind: "pending" };

/** TR-143 / TR-181 error states, in words an operator can act on. */
const errorReasons: Readonly<Record<string, string>> = {
  Error_CannotResolveHostName: "the CPE could not resolve the host name",
  Error_Internal: "the CPE failed internally",
  Error_Other: "the test failed for a reason the CPE did not name",
  Error_MaxHopCountExceeded: "the host was not reached within the maximum hop count",
  Error_InitConnectionFailed: "the CPE could not open the connection to the server",
  Error_NoResponse: "the server did not respond",
  Error_TransferFailed: "the transfer failed",
  Error_PasswordRequestFailed: "the server refused the password request",
  Error_LoginFailed: "the server refused the login",
  Error_NoTransferMode: "the server refused the transfer mode",
  Error_NoPASV: "the server refused passive mode",
  Error_IncorrectSize: "the transfer had an unexpected size",
  Error_Timeout: "the test timed out on the CPE",
  Error_NoCWD: "the server refused to change directory",
  Error_NoSTOR: "the server refused the upload",
  Error_NoRETR: "the server refused the download",
  Error_NoTransferComplete: "the server did not confirm the transfer",
  Error_DNSServerNotResolved: "the CPE could not resolve the DNS server",
  Error_DNSServerNotAvailable: "the DNS server was not available",
};

/**
 * Reads a test's result subtree (`objectPath` + parameters): `DiagnosticsState` Complete gives
 * the typed result; Requested means still running; None means the CPE aborted it (TR-143:
 * writing a test parameter while it runs sets None) and Canceled that it was cancelled; any
 * Error_* state is a failure named in words.
 */
export function diagnosticOutcome(
  type: DiagnosticType,
  objectPath: string,
  parameters: readonly ReadParameter[],
): DiagnosticOutcome {
  const values = new Map(parameters.map((p) => [p.name, p.value]));
  const read = (name: string) => values.get(`${objectPath}${name}`);
  const state = read("DiagnosticsState");
  if (state === undefined)
    return failed(undefined, `the CPE did not report ${objectPath}DiagnosticsState`);
  if (state === "Requested") return { kind: "pending" };
  if (state !== "Complete") return failed(state, stateReason(state));
  return { kind: "completed", result: completedResult(type, objectPath, values) };
}

function stateReason(state: string): string {
  if (state === "None") return "the CPE aborted the test (DiagnosticsState None)";
  if (state === "Canceled") return "the test was cancelled on the CPE";
  return errorReasons[state] ?? `the CPE reported ${state}`;
}

function failed(cpeState: string | undefined, reason: string): DiagnosticOutcome {
  return { kind: "failed", failure: { ...(cpeState !== undefined && { cpeState }), reason } };
}

function completedResult(
  type: DiagnosticType,
  objectPath: string,
  values: ReadonlyMap<string, string>,
): DiagnosticResult {
  const text = (name: string) => values.get(`${objectPath}${name}`) ?? "";
  const num = (name: string) => numberOf(values.get(`${objectPath}${name}`));
  const pingTimes = () => ({
    averageResponseTimeMs: num("AverageResponseTime"),
    minimumResponseTimeMs: num("MinimumResponseTime"),
    maximumResponseTimeMs: num("MaximumResponseTime"),
  });
  switch (type) {
    case "IPPing":
      return {
        type,
        successCount: num("SuccessCount"),
        failureCount: num("FailureCount"),
        ...pingTimes(),
      };
    case "TraceRoute":
      return {
        type,
        responseTimeMs: num("ResponseTime"),
        hops: traceRouteHops(objectPath, values),
      };
    case "DownloadDiagnostics":
    case "UploadDiagnostics":
      return transferResult(type, text);
    case "NSLookup":
      return {
        type,
        successCount: num("SuccessCount"),
        answers: nsLookupAnswers(objectPath, values),
      };
    case "ServerSelection":
      return { type, fastestHost: text("FastestHost"), ...pingTimes() };
    default:
      return assertNever(type);
  }
}

/** Table rows `<table>.{i}.` in instance order, each as a reader of its own parameters. */
function rows(
  tablePath: string,
  values: ReadonlyMap<string, string>,
): ((name: string) => string | undefined)[] {
  const instances = new Set<number>();
  for (const name of values.keys()) {
    if (!name.startsWith(tablePath)) continue;
    const instance = Number(name.slice(tablePath.length).split(".")[0]);
    if (Number.isInteger(instance)) instances.add(instance);
  }
  return [...instances]
    .sort((a, b) => a - b)
    .map((i) => (name: string) => values.get(`${tablePath}${i}.${name}`));
}

/** TR-181 RouteHops.{i}.Host/HostAddress/ErrorCode/RTTimes; TR-098 spells them Hop*. */
function traceRouteHops(objectPath: string, values: ReadonlyMap<string, string>): TraceRouteHop[] {
  return rows(`${objectPath}RouteHops.`, values).map((hop) => ({
    host: hop("Host") ?? hop("HopHost") ?? "",
    hostAddress: hop("HostAddress") ?? hop("HopHostAddress") ?? "",
    errorCode: numberOf(hop("ErrorCode") ?? hop("HopErrorCode")),
    rttTimesMs: listOf(hop("RTTimes") ?? hop("HopRTTimes")).map((t) => numberOf(t)),
  }));
}

function nsLookupAnswers(
  objectPath: string,
  values: ReadonlyMap<string, string>,
): NsLookupAnswer[] {
  return rows(`${objectPath}Result.`, values).map((answer) => ({
    status: answer("Status") ?? "",
    answerType: answer("AnswerType") ?? "",
    hostNameReturned: answer("HostNameReturned") ?? "",
    ipAddresses: listOf(answer("IPAddresses")),
    dnsServerIp: answer("DNSServerIP") ?? "",
    responseTimeMs: numberOf(answer("ResponseTime")),
  }));
}

/** A comma-separated list (TR-106 list of strings), blanks dropped. */
function listOf(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** An unsignedInt as reported; anything unreadable counts as 0. */
function numberOf(value: string | undefined): number {
  const parsed = Number(value);
  return value === undefined || value.trim() === "" || !Number.isFinite(parsed) ? 0 : parsed;
}
