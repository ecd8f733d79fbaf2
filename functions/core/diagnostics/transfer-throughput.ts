import type { DiagnosticResult } from "./diagnostic.ts";

type TransferResult = Extract<
  DiagnosticResult,
  { type: "DownloadDiagnostics" | "UploadDiagnostics" }
>;

/**
 * A Download/Upload test's throughput (TR-143 section 4): payload bytes over BOMTime..EOMTime.
 * TR-181 reports TestBytesReceived / TestBytesSent (payload only); TR-098 the totals
 * (TotalBytesReceived, or TestFileLength for an upload), the best measure it has. Times are
 * dateTime with microseconds; TCPOpenRequestTime..TCPOpenResponseTime is the connection set-up.
 */
export function transferResult(
  type: TransferResult["type"],
  read: (name: string) => string,
): TransferResult {
  const bytes = firstNumber(
    type === "DownloadDiagnostics"
      ? [read("TestBytesReceived"), read("TotalBytesReceived")]
      : [read("TestBytesSent"), read("TotalBytesSent"), read("TestFileLength")],
  );
  const bomTime = read("BOMTime");
  const eomTime = read("EOMTime");
  const durationMs = elapsedMs(bomTime, eomTime) ?? 0;
  const connectTimeMs = elapsedMs(read("TCPOpenRequestTime"), read("TCPOpenResponseTime"));
  const romTime = read("ROMTime");
  return {
    type,
    bytes,
    durationMs,
    throughputBitsPerSecond: durationMs > 0 ? Math.round((bytes * 8 * 1000) / durationMs) : 0,
    ...(connectTimeMs !== undefined && { connectTimeMs }),
    ...(romTime !== "" && { romTime }),
    bomTime,
    eomTime,
  };
}

/** The first value that is a positive number (a missing parameter reads as ""). */
function firstNumber(values: readonly string[]): number {
  for (const value of values) {
    const parsed = Number(value);
    if (value !== "" && Number.isFinite(parsed) && parsed > 0) return parsed;
  }
  return 0;
}

/** Milliseconds from one dateTime to another, microseconds kept; undefined if either is unreadable. */
export function elapsedMs(from: string, to: string): number | undefined {
  const start = microseconds(from);
  const end = microseconds(to);
  if (start === undefined || end === undefined || end < start) return undefined;
  return (end - start) / 1000;
}

/** TR-069 dateTime (ISO 8601, up to 6 fractional digits) as microseconds since the epoch. */
function microseconds(value: string): number | undefined {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)?$/.exec(value.trim());
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3] ?? "Z"}`);
  if (Number.isNaN(seconds) || seconds < Date.UTC(1970, 0, 2)) return undefined;
  return seconds * 1000 + Number((match[2] ?? "").padEnd(6, "0"));
}
