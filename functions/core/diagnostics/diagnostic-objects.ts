import type { DiagnosticType } from "./diagnostic.ts";

/** An argument's parameter under the test object, its xsi:type, and whether TR-098 has it. */
export interface DiagnosticArgument {
  readonly parameter: string;
  readonly type: "string" | "unsignedInt";
  /** Only in TR-181 (TR-098's test objects lack it). */
  readonly tr181Only?: boolean;
}

/** The test object of a type under each root; a type TR-098 lacks has no `tr098` path. */
interface DiagnosticObject {
  readonly tr181: string;
  readonly tr098?: string;
  readonly arguments: Readonly<Record<string, DiagnosticArgument>>;
}

const text = (parameter: string, tr181Only?: boolean): DiagnosticArgument => ({
  parameter,
  type: "string",
  ...(tr181Only && { tr181Only }),
});
const count = (parameter: string, tr181Only?: boolean): DiagnosticArgument => ({
  parameter,
  type: "unsignedInt",
  ...(tr181Only && { tr181Only }),
});

/**
 * TR-181 Device:2 `Device.IP.Diagnostics.` (IPPing, TraceRoute, DownloadDiagnostics,
 * UploadDiagnostics, ServerSelectionDiagnostics) and `Device.DNS.Diagnostics.NSLookupDiagnostics.`;
 * TR-098 `InternetGatewayDevice.IPPingDiagnostics.`, `.TraceRouteDiagnostics.`,
 * `.DownloadDiagnostics.`, `.UploadDiagnostics.` (TR-143 added the last two). API argument names
 * are the parameter names in camel case; times (Timeout) are milliseconds, as in the models.
 */
export const diagnosticObjects: Readonly<Record<DiagnosticType, DiagnosticObject>> = {
  IPPing: {
    tr181: "Device.IP.Diagnostics.IPPing.",
    tr098: "InternetGatewayDevice.IPPingDiagnostics.",
    arguments: {
      host: text("Host"),
      interface: text("Interface"),
      protocolVersion: text("ProtocolVersion", true),
      numberOfRepetitions: count("NumberOfRepetitions"),
      timeout: count("Timeout"),
      dataBlockSize: count("DataBlockSize"),
      dscp: count("DSCP"),
    },
  },
  TraceRoute: {
    tr181: "Device.IP.Diagnostics.TraceRoute.",
    tr098: "InternetGatewayDevice.TraceRouteDiagnostics.",
    arguments: {
      host: text("Host"),
      interface: text("Interface"),
      protocolVersion: text("ProtocolVersion", true),
      numberOfTries: count("NumberOfTries"),
      timeout: count("Timeout"),
      dataBlockSize: count("DataBlockSize"),
      dscp: count("DSCP"),
      maxHopCount: count("MaxHopCount"),
    },
  },
  DownloadDiagnostics: {
    tr181: "Device.IP.Diagnostics.DownloadDiagnostics.",
    tr098: "InternetGatewayDevice.DownloadDiagnostics.",
    arguments: {
      downloadURL: text("DownloadURL"),
      interface: text("Interface"),
      dscp: count("DSCP"),
      ethernetPriority: count("EthernetPriority"),
    },
  },
  UploadDiagnostics: {
    tr181: "Device.IP.Diagnostics.UploadDiagnostics.",
    tr098: "InternetGatewayDevice.UploadDiagnostics.",
    arguments: {
      uploadURL: text("UploadURL"),
      interface: text("Interface"),
      testFileLength: count("TestFileLength"),
      dscp: count("DSCP"),
      ethernetPriority: count("EthernetPriority"),
    },
  },
  NSLookup: {
    tr181: "Device.DNS.Diagnostics.NSLookupDiagnostics.",
    arguments: {
      hostName: text("HostName"),
      interface: text("Interface"),
      dnsServer: text("DNSServer"),
      timeout: count("Timeout"),
      numberOfRepetitions: count("NumberOfRepetitions"),
    },
  },
  ServerSelection: {
    tr181: "Device.IP.Diagnostics.ServerSelectionDiagnostics.",
    arguments: {
      hostList: text("HostList"),
      interface: text("Interface"),
      protocolVersion: text("ProtocolVersion"),
      protocol: text("Protocol"),
      numberOfRepetitions: count("NumberOfRepetitions"),
      timeout: count("Timeout"),
    },
  },
};
