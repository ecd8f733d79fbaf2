import type { Logger } from "../../ports.ts";

/** The least severe level a logger writes (config/log-level.ts reads it from ACS_LOG_LEVEL). */
export type LogLevel = "info" | "warn" | "error";

/** JSON-lines logger (CloudWatch parses these); `write` defaults to stdout. */
export function createJsonLogger(options: {
  readonly service: string;
  readonly write?: (line: string) => void;
  readonly level?: LogLevel;
}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const rank = { info: 0, warn: 1, error: 2 } as const;
  const min = rank[options.level ?? "info"];
  const log =
    (level: keyof typeof rank) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      if (rank[level] < min) return;
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          level,
          service: options.service,
          message,
          ...(fields && isoTimes(fields)),
        }),
      );
    };
  return { info: log("info"), warn: log("warn"), error: log("error") };
}

/**
 * One time format in every line: `time` is ISO 8601, so fields holding an instant as epoch
 * milliseconds (named `at`, `…At`, `notBefore`, `notAfter`: the codebase's names for instants;
 * durations end in `Ms`) are written in ISO 8601 too.
 */
function isoTimes(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = isInstantName(key) && isEpochMs(value) ? new Date(value).toISOString() : value;
  }
  return out;
}

function isInstantName(key: string): boolean {
  return key === "at" || /[a-z]At$/.test(key) || key === "notBefore" || key === "notAfter";
}

function isEpochMs(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 8.64e15;
}
