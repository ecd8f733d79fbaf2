import type { LogLevel } from "../adapters/log/json-logger.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";

const levels: readonly LogLevel[] = ["info", "warn", "error"];

/**
 * ACS_LOG_LEVEL, the least severe level written: info, warn or error. The
 * one place every process (Lambda handlers, the sender, the local ACS) reads
 * it. Nothing logs below info, so "debug" (or any other word) is refused
 * rather than quietly meaning something else.
 */
export function readLogLevel(env: EnvReader, fallback: LogLevel): LogLevel {
  const text = env.optionalString("ACS_LOG_LEVEL")?.toLowerCase();
  if (text === undefined) return fallback;
  const level = levels.find((candidate) => candidate === text);
  if (level !== undefined) return level;
  const why = text === "debug" ? " (the ACS logs nothing below info)" : "";
  throw new ConfigError(
    "ACS_LOG_LEVEL",
    `must be one of ${levels.join(", ")}, not "${text}"${why}`,
  );
}
