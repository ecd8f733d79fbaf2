import { ConfigError } from "./config-error.ts";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables once, at the edge, into typed values: trims,
 * applies defaults, and fails naming the variable.
 */
export interface EnvReader {
  string(name: string, fallback?: string): string;
  optionalString(name: string): string | undefined;
  integer(name: string, fallback: number, bounds?: { min?: number; max?: number }): number;
  boolean(name: string, fallback: boolean): boolean;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
}

export function envReader(env: Env): EnvReader {
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === "" ? undefined : value;
  };
  return {
    string: (name, fallback) => {
      const value = raw(name) ?? fallback;
      if (value === undefined) throw new ConfigError(name, "is required");
      return value;
    },
    optionalString: raw,
    integer: (name, fallback, bounds = {}) => {
      const text = raw(name);
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!Number.isInteger(value))
        throw new ConfigError(name, `must be an integer, not "${text}"`);
      if (bounds.min !== undefined && value < bounds.min)
        throw new ConfigError(name, `must be >= ${bounds.min}`);
      if (bounds.max !== undefined && value > bounds.max)
        throw new ConfigError(name, `must be <= ${bounds.max}`);
      return value;
    },
    boolean: (name, fallback) => {
      const text = raw(name)?.toLowerCase();
      if (text === undefined) return fallback;
      if (["1", "true", "yes", "on"].includes(text)) return true;
      if (["0", "false", "no", "off"].includes(text)) return false;
      throw new ConfigError(name, `must be true or false, not "${text}"`);
    },
    oneOf: (name, allowed, fallback) => {
      const text = raw(name);
      if (text === undefined) return fallback;
      const found = allowed.find((value) => value === text);
      if (found === undefined)
        throw new ConfigError(name, `must be one of ${allowed.join(", ")}, not "${text}"`);
      return found;
    },
  };
}
