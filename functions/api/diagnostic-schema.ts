import * as z from "zod";

/**
 * POST /devices/{id}/diagnostics bodies: `type` and the test's arguments, named as the TR-181
 * parameters in camel case (core/diagnostics/diagnostic-objects.ts maps them). Limits follow
 * the TR-181 ranges; Timeout is in milliseconds as in the data model.
 */
const host = z.string().min(1).max(256).describe("Host name or address to test");
const iface = z
  .string()
  .max(256)
  .describe(
    "The interface to test from (a TR-181 path, e.g. Device.IP.Interface.1); empty: routing decides",
  );
const protocolVersion = z.enum(["Any", "IPv4", "IPv6"]).describe("TR-181 only");
const repetitions = z.int().min(1).max(100);
const timeoutMs = z.int().min(1).max(600_000).describe("Milliseconds");
const dscp = z.int().min(0).max(63);
const ethernetPriority = z.int().min(0).max(7);
const transferUrl = z
  .url({ protocol: /^(https?|ftp)$/ })
  .max(256)
  .describe("An http(s) or ftp URL (TR-143)");

export const diagnosticRequestSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("IPPing"),
    host,
    interface: iface.optional(),
    protocolVersion: protocolVersion.optional(),
    numberOfRepetitions: repetitions.optional(),
    timeout: timeoutMs.optional(),
    dataBlockSize: z.int().min(1).max(65_535).optional(),
    dscp: dscp.optional(),
  }),
  z.strictObject({
    type: z.literal("TraceRoute"),
    host,
    interface: iface.optional(),
    protocolVersion: protocolVersion.optional(),
    numberOfTries: z.int().min(1).max(3).optional(),
    timeout: timeoutMs.optional(),
    dataBlockSize: z.int().min(1).max(65_535).optional(),
    dscp: dscp.optional(),
    maxHopCount: z.int().min(1).max(64).optional(),
  }),
  z.strictObject({
    type: z.literal("DownloadDiagnostics"),
    downloadURL: transferUrl,
    interface: iface.optional(),
    dscp: dscp.optional(),
    ethernetPriority: ethernetPriority.optional(),
  }),
  z.strictObject({
    type: z.literal("UploadDiagnostics"),
    uploadURL: transferUrl,
    testFileLength: z.int().min(1).max(4_294_967_295).describe("Bytes to send"),
    interface: iface.optional(),
    dscp: dscp.optional(),
    ethernetPriority: ethernetPriority.optional(),
  }),
  z.strictObject({
    type: z.literal("NSLookup"),
    hostName: host,
    interface: iface.optional(),
    dnsServer: z.string().max(256).optional(),
    timeout: timeoutMs.optional(),
    numberOfRepetitions: repetitions.optional(),
  }),
  z.strictObject({
    type: z.literal("ServerSelection"),
    hostList: z.array(host).min(1).max(10).describe("Hosts to compare (HostList, at most 10)"),
    interface: iface.optional(),
    protocolVersion: protocolVersion.optional(),
    protocol: z.enum(["ICMP", "UDP Echo"]).optional(),
    numberOfRepetitions: repetitions.optional(),
    timeout: timeoutMs.optional(),
  }),
]);

export type DiagnosticRequestBody = z.infer<typeof diagnosticRequestSchema>;

/** The arguments as parameter values: a list (HostList) becomes comma-separated (TR-106). */
export function diagnosticArguments(body: DiagnosticRequestBody): Record<string, string | number> {
  const { type: _type, ...rest } = body;
  return Object.fromEntries(
    Object.entries(rest).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(",") : (value as string | number),
    ]),
  );
}
