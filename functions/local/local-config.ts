import { randomBytes } from "node:crypto";
import { type CwmpConfig, readCwmpConfig } from "../config/cwmp-config.ts";
import type { EnvReader } from "../config/env-reader.ts";

/** The local ACS's settings: loopback, well-known ports, authentication off by default. */
export interface LocalConfig {
  readonly host: string;
  readonly cwmpPort: number;
  readonly apiPort: number;
  /** Keep DynamoDB data here across restarts; in memory when undefined. */
  readonly dataDir?: string;
  readonly cwmp: CwmpConfig;
}

export function readLocalConfig(env: EnvReader): LocalConfig {
  const dataDir = env.optionalString("ACS_DATA_DIR");
  return {
    host: env.string("ACS_HOST", "127.0.0.1"),
    cwmpPort: env.integer("ACS_CWMP_PORT", 7547, { min: 0, max: 65535 }),
    apiPort: env.integer("ACS_API_PORT", 7557, { min: 0, max: 65535 }),
    ...(dataDir !== undefined && { dataDir }),
    // A random nonce secret is fine locally: there is one instance.
    cwmp: readCwmpConfig(env, { auth: "none", nonceSecret: randomBytes(24).toString("base64url") }),
  };
}
