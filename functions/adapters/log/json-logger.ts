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
          ...fields,
        }),
      );
    };
  return { info: log("info"), warn: log("warn"), error: log("error") };
}
