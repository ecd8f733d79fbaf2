import * as z from "zod/mini";
import { described } from "./schema-parts.ts";

/**
 * POST /devices/{id}/diagnostics bodies: `type` and the test's arguments, named as the TR-181
 * parameters in camel case (core/diagnostics/diagnostic-objects.ts maps them). Limits follow
 * the TR-181 ranges; Timeout is in milliseconds as in the data model.
 */
const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
const host = described(
  z.string().check(z.minLength(1), z.maxLength(256)),
  "Host name or address to test",
);
const iface = described(
  z.string().check(z.maxLength(256)),
  "The interface to test from (a TR-181 path, e.g. Device.IP.Interface.1); empty: routing decides",
);
const protocolVersion = described(z.enum(["Any", "IPv4", "IPv6"]), "TR-181 only");
const repetitions = int(1, 100);
const timeoutMs = described(int(1, 600_000), "Milliseconds");
const dscp = int(0, 63);
const ethernetPriority = int(0, 7);
const transferUrl = described(
  z.url({ protocol: /^(https?|ftp)$/ }).check(z.maxLength(256)),
  "An http(s) or ftp URL (TR-143)",
);

export const diagnosticRequestSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("IPPing"),
    host,
    interface: z.optional(iface),
    protocolVersion: z.optional(protocolVersion),
    numberOfRepetitions: z.optional(repetitions),
    timeout: z.optional(timeoutMs),
    dataBlockSize: z.optional(int(1, 65_535)),
    dscp: z.optional(dscp),
  }),
  z.strictObject({
    type: z.literal("TraceRoute"),
    host,
    interface: z.optional(iface),
    protocolVersion: z.optional(protocolVersion),
    numberOfTries: z.optional(int(1, 3)),
    timeout: z.optional(timeoutMs),
    dataBlockSize: z.optional(int(1, 65_535)),
    dscp: z.optional(dscp),
    maxHopCount: z.optional(int(1, 64)),
  }),
  z.strictObject({
    type: z.literal("DownloadDiagnostics"),
    downloadURL: transferUrl,
    interface: z.optional(iface),
    dscp: z.optional(dscp),
    ethernetPriority: z.optional(ethernetPriority),
  }),
  z.strictObject({
    type: z.literal("UploadDiagnostics"),
    uploadURL: transferUrl,
    testFileLength: described(int(1, 4_294_967_295), "Bytes to send"),
    interface: z.optional(iface),
    dscp: z.optional(dscp),
    ethernetPriority: z.optional(ethernetPriority),
  }),
  z.strictObject({
    type: z.literal("NSLookup"),
    hostName: host,
    interface: z.optional(iface),
    dnsServer: z.optional(z.string().check(z.maxLength(256))),
    timeout: z.optional(timeoutMs),
    numberOfRepetitions: z.optional(repetitions),
  }),
  z.strictObject({
    type: z.literal("ServerSelection"),
    hostList: described(
      z.array(host).check(z.minLength(1), z.maxLength(10)),
      "Hosts to compare (HostList, at most 10)",
    ),
    interface: z.optional(iface),
    protocolVersion: z.optional(protocolVersion),
    protocol: z.optional(z.enum(["ICMP", "UDP Echo"])),
    numberOfRepetitions: z.optional(repetitions),
    timeout: z.optional(timeoutMs),
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
