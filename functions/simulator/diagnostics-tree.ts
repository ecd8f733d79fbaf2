import type { DataModel, ParamSpec, TreeWriter } from "./data-model.ts";
import { ro, rw } from "./param-spec.ts";

/** TR-181 DiagnosticsState values a test object reports (TR-143). */
const states = [
  "None",
  "Requested",
  "Complete",
  "Canceled",
  "Error_CannotResolveHostName",
  "Error_Internal",
  "Error_Other",
  "Error_InitConnectionFailed",
  "Error_NoResponse",
  "Error_TransferFailed",
  "Error_MaxHopCountExceeded",
  "Error_DNSServerNotResolved",
] as const;

const state = rw("string", "None", { enumeration: states });
const count = (value = "0") => rw("unsignedInt", value);
const text = (value = "") => rw("string", value);
const result = (type: ParamSpec["type"], value: string) => ro(type, value);
const unknownTime = "0001-01-01T00:00:00Z";

/** Every row the simulated traceroute reports (fixed, filled in when a test completes). */
export const simulatedHops = 3;

function params(tree: TreeWriter, base: string, specs: Record<string, ParamSpec>): void {
  for (const [name, spec] of Object.entries(specs)) tree.param(`${base}${name}`, spec);
}

/**
 * The TR-143 test objects of TR-181 (`Device.IP.Diagnostics.*`,
 * `Device.DNS.Diagnostics.NSLookupDiagnostics.`): arguments writable, results read-only, the
 * result tables (RouteHops, Result) fixed rows the simulator fills in (run-diagnostic.ts).
 */
export function addDiagnostics(tree: DataModel): void {
  const ip = "Device.IP.Diagnostics.";
  tree.object(ip);
  tree.object(`${ip}IPPing.`);
  params(tree, `${ip}IPPing.`, {
    DiagnosticsState: state,
    Interface: text(),
    ProtocolVersion: text("Any"),
    Host: text(),
    NumberOfRepetitions: count("4"),
    Timeout: count("1000"),
    DataBlockSize: count("64"),
    DSCP: count(),
    IPAddressUsed: result("string", ""),
    SuccessCount: result("unsignedInt", "0"),
    FailureCount: result("unsignedInt", "0"),
    AverageResponseTime: result("unsignedInt", "0"),
    MinimumResponseTime: result("unsignedInt", "0"),
    MaximumResponseTime: result("unsignedInt", "0"),
  });
  tree.object(`${ip}TraceRoute.`);
  params(tree, `${ip}TraceRoute.`, {
    DiagnosticsState: state,
    Interface: text(),
    ProtocolVersion: text("Any"),
    Host: text(),
    NumberOfTries: count("3"),
    Timeout: count("5000"),
    DataBlockSize: count("38"),
    DSCP: count(),
    MaxHopCount: count("30"),
    IPAddressUsed: result("string", ""),
    ResponseTime: result("unsignedInt", "0"),
    RouteHopsNumberOfEntries: result("unsignedInt", "0"),
  });
  tree.table(
    `${ip}TraceRoute.RouteHops.`,
    {
      countParam: `${ip}TraceRoute.RouteHopsNumberOfEntries`,
      addable: false,
      populate: (t, base) =>
        params(t, base, {
          Host: result("string", ""),
          HostAddress: result("string", ""),
          ErrorCode: result("unsignedInt", "0"),
          RTTimes: result("string", ""),
        }),
    },
    simulatedHops,
  );
  addTransfers(tree, ip);
  addServerSelection(tree, ip);
  addNsLookup(tree);
}

/** DownloadDiagnostics and UploadDiagnostics (TR-143 section 4). */
function addTransfers(tree: DataModel, ip: string): void {
  for (const direction of ["Download", "Upload"] as const) {
    const base = `${ip}${direction}Diagnostics.`;
    tree.object(base);
    params(tree, base, {
      DiagnosticsState: state,
      Interface: text(),
      [`${direction}URL`]: text(),
      DSCP: count(),
      EthernetPriority: count(),
      ...(direction === "Upload" && { TestFileLength: count() }),
      ROMTime: result("dateTime", unknownTime),
      BOMTime: result("dateTime", unknownTime),
      EOMTime: result("dateTime", unknownTime),
      [direction === "Download" ? "TestBytesReceived" : "TestBytesSent"]: result(
        "unsignedInt",
        "0",
      ),
      [direction === "Download" ? "TotalBytesReceived" : "TotalBytesSent"]: result(
        "unsignedInt",
        "0",
      ),
      TCPOpenRequestTime: result("dateTime", unknownTime),
      TCPOpenResponseTime: result("dateTime", unknownTime),
    });
  }
}

function addServerSelection(tree: DataModel, ip: string): void {
  tree.object(`${ip}ServerSelectionDiagnostics.`);
  params(tree, `${ip}ServerSelectionDiagnostics.`, {
    DiagnosticsState: state,
    Interface: text(),
    ProtocolVersion: text("Any"),
    Protocol: rw("string", "ICMP", { enumeration: ["ICMP", "UDP Echo"] }),
    HostList: text(),
    NumberOfRepetitions: count("3"),
    Timeout: count("1000"),
    FastestHost: result("string", ""),
    MinimumResponseTime: result("unsignedInt", "0"),
    AverageResponseTime: result("unsignedInt", "0"),
    MaximumResponseTime: result("unsignedInt", "0"),
    IPAddressUsed: result("string", ""),
  });
}

function addNsLookup(tree: DataModel): void {
  tree.object("Device.DNS.");
  tree.object("Device.DNS.Diagnostics.");
  const base = "Device.DNS.Diagnostics.NSLookupDiagnostics.";
  tree.object(base);
  params(tree, base, {
    DiagnosticsState: state,
    Interface: text(),
    HostName: text(),
    DNSServer: text(),
    Timeout: count("1000"),
    NumberOfRepetitions: count("1"),
    SuccessCount: result("unsignedInt", "0"),
    ResultNumberOfEntries: result("unsignedInt", "0"),
  });
  tree.table(
    `${base}Result.`,
    {
      countParam: `${base}ResultNumberOfEntries`,
      addable: false,
      populate: (t, row) =>
        params(t, row, {
          Status: result("string", ""),
          AnswerType: result("string", "None"),
          HostNameReturned: result("string", ""),
          IPAddresses: result("string", ""),
          DNSServerIP: result("string", ""),
          ResponseTime: result("unsignedInt", "0"),
        }),
    },
    1,
  );
}
