import type { CpeDevice } from "./cpe-device.ts";
import { simulatedHops } from "./diagnostics-tree.ts";

/** How long a simulated test runs before 8 DIAGNOSTICS COMPLETE. @default 500 */
const defaultDiagnosticDurationMs = 500;

/** RFC 6761 reserves .invalid: such a host never resolves, so its tests fail as a CPE's would. */
const unresolvable = (host: string) => host.toLowerCase().replace(/\.$/, "").endsWith(".invalid");

const ip = "Device.IP.Diagnostics.";
const objects = [
  `${ip}IPPing.`,
  `${ip}TraceRoute.`,
  `${ip}DownloadDiagnostics.`,
  `${ip}UploadDiagnostics.`,
  `${ip}ServerSelectionDiagnostics.`,
  "Device.DNS.Diagnostics.NSLookupDiagnostics.",
] as const;

/**
 * A SetParameterValues left a test object's DiagnosticsState at Requested (TR-143): after the
 * session, the test "runs" for a short while, its results are written, and the device opens a
 * session with 8 DIAGNOSTICS COMPLETE (TR-069 3.7.1.5).
 */
export function startRequestedDiagnostics(device: CpeDevice, names: readonly string[]): void {
  const requested = objects.filter(
    (object) =>
      names.includes(`${object}DiagnosticsState`) &&
      device.model.read(`${object}DiagnosticsState`) === "Requested",
  );
  if (requested.length === 0) return;
  device.timers.later(device.options.diagnosticDurationMs ?? defaultDiagnosticDurationMs, () => {
    for (const object of requested) {
      const read = (name: string) => device.model.read(`${object}${name}`);
      // A newer request of this test (written meanwhile) restarted it: nothing to report yet.
      if (read("DiagnosticsState") !== "Requested") continue;
      for (const [name, value] of simulatedResults(object, read, Date.now()))
        device.model.setInternal(`${object}${name}`, value);
    }
    if (device.state() === "off") return;
    device.queue.add("8 DIAGNOSTICS COMPLETE");
    if (device.state() === "in-session") device.afterSession.push(() => device.requestSession());
    else device.requestSession();
  });
}

type Values = [string, string][];

/** Plausible results of the test at `object` as its arguments (`read`) ask. */
export function simulatedResults(
  object: string,
  read: (name: string) => string,
  now: number,
): Values {
  if (object.endsWith("IPPing.")) return ping(read);
  if (object.endsWith("TraceRoute.")) return traceRoute(read);
  if (object.endsWith("DownloadDiagnostics.")) return transfer(read, "Download", now);
  if (object.endsWith("UploadDiagnostics.")) return transfer(read, "Upload", now);
  if (object.endsWith("ServerSelectionDiagnostics.")) return serverSelection(read);
  return nsLookup(read);
}

function ping(read: (name: string) => string): Values {
  if (unresolvable(read("Host"))) return [["DiagnosticsState", "Error_CannotResolveHostName"]];
  const repetitions = Number(read("NumberOfRepetitions")) || 4;
  return [
    ["DiagnosticsState", "Complete"],
    ["IPAddressUsed", "203.0.113.10"],
    ["SuccessCount", String(repetitions)],
    ["FailureCount", "0"],
    ["MinimumResponseTime", "8"],
    ["AverageResponseTime", "12"],
    ["MaximumResponseTime", "17"],
  ];
}

function traceRoute(read: (name: string) => string): Values {
  const host = read("Host");
  if (unresolvable(host)) return [["DiagnosticsState", "Error_CannotResolveHostName"]];
  const hops = ["192.168.1.254", "198.51.100.1", "203.0.113.200"];
  return [
    ["DiagnosticsState", "Complete"],
    ["ResponseTime", "31"],
    ["RouteHopsNumberOfEntries", String(simulatedHops)],
    ...hops.flatMap(
      (address, i): Values => [
        [`RouteHops.${i + 1}.Host`, i === simulatedHops - 1 ? host : address],
        [`RouteHops.${i + 1}.HostAddress`, address],
        [`RouteHops.${i + 1}.ErrorCode`, "0"],
        [`RouteHops.${i + 1}.RTTimes`, [2, 3, 4].map((t) => String(t * (i + 1) * 3)).join(",")],
      ],
    ),
  ];
}

/** TR-069 dateTime with microseconds, as TR-143 timestamps are reported. */
const microTime = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

/** 1 MB (or TestFileLength) in 80 ms: 100 Mbit/s; an unresolvable server fails to connect. */
function transfer(
  read: (name: string) => string,
  direction: "Download" | "Upload",
  now: number,
): Values {
  const host = hostOf(read(`${direction}URL`));
  if (host === undefined || unresolvable(host))
    return [["DiagnosticsState", "Error_InitConnectionFailed"]];
  const bytes = direction === "Upload" ? Number(read("TestFileLength")) || 1_000_000 : 1_000_000;
  const start = now - 100;
  return [
    ["DiagnosticsState", "Complete"],
    ["ROMTime", microTime(start)],
    ["TCPOpenRequestTime", microTime(start + 5)],
    ["TCPOpenResponseTime", microTime(start + 15)],
    ["BOMTime", microTime(start + 20)],
    ["EOMTime", microTime(start + 20 + Math.round((bytes * 8) / 100_000))],
    [direction === "Download" ? "TestBytesReceived" : "TestBytesSent", String(bytes)],
    [direction === "Download" ? "TotalBytesReceived" : "TotalBytesSent", String(bytes + 1_460)],
  ];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function serverSelection(read: (name: string) => string): Values {
  const hosts = read("HostList")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "" && !unresolvable(h));
  if (hosts.length === 0) return [["DiagnosticsState", "Error_CannotResolveHostName"]];
  return [
    ["DiagnosticsState", "Complete"],
    ["FastestHost", hosts[0] ?? ""],
    ["MinimumResponseTime", "6"],
    ["AverageResponseTime", "9"],
    ["MaximumResponseTime", "14"],
    ["IPAddressUsed", "203.0.113.10"],
  ];
}

function nsLookup(read: (name: string) => string): Values {
  if (unresolvable(read("DNSServer"))) return [["DiagnosticsState", "Error_DNSServerNotResolved"]];
  const name = read("HostName");
  const found = !unresolvable(name);
  return [
    ["DiagnosticsState", "Complete"],
    ["SuccessCount", found ? "1" : "0"],
    ["Result.1.Status", found ? "Success" : "Error_HostNameNotResolved"],
    ["Result.1.AnswerType", found ? "NonAuthoritative" : "None"],
    ["Result.1.HostNameReturned", found ? name : ""],
    ["Result.1.IPAddresses", found ? "198.51.100.7,2001:db8::7" : ""],
    ["Result.1.DNSServerIP", "192.168.1.1"],
    ["Result.1.ResponseTime", "4"],
  ];
}
