import { InvalidPortRangeError } from "./errors.ts";

/** Inclusive range of TCP ports; a single port has from === to. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * `7547` or `30000-30100` (inclusive).
 * @throws InvalidPortRangeError when the entry is neither, or a bound is outside 1-65535.
 */
export function parsePortRange(entry: string): PortRange {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(entry.trim());
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (match === null || from < 1 || to > 65_535 || from > to) {
    throw new InvalidPortRangeError(entry);
  }
  return { from, to };
}

/** The port a URL connects to: its explicit port, else its scheme's (RFC 9110 §4.2). */
export function effectivePort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}
