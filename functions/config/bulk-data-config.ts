import type { EnvReader } from "./env-reader.ts";
import { parseSecretsKey } from "./secrets-key.ts";

/** The bulk data collector's settings (TR-232 over HTTP; lib/constructs/bulk-data-collector.ts). */
export interface BulkDataConfig {
  /**
   * ACS_BULK_DATA_KEY: devices' bulk data passwords derive from it (32 bytes in base64 or a
   * passphrase of 32+ characters). The collector and the sessions that set the profile need
   * the same key.
   */
  readonly key: Uint8Array;
  /** ACS_BULK_DATA_MAX_BYTES: largest report once inflated, 1 KiB..8 MiB. @default 1 MiB */
  readonly maxBytes: number;
}

/** Undefined without ACS_BULK_DATA_KEY: no collector configured. */
export function readBulkDataConfig(env: EnvReader): BulkDataConfig | undefined {
  const key = env.optionalString("ACS_BULK_DATA_KEY");
  if (key === undefined) return undefined;
  return {
    key: parseSecretsKey(key, "ACS_BULK_DATA_KEY"),
    maxBytes: readBulkDataMaxBytes(env),
  };
}

/** ACS_BULK_DATA_MAX_BYTES: 1 KiB..8 MiB (API Gateway takes 10 MB bodies). @default 1 MiB */
export function readBulkDataMaxBytes(env: EnvReader): number {
  return env.integer("ACS_BULK_DATA_MAX_BYTES", 1024 * 1024, { min: 1024, max: 8 * 1024 * 1024 });
}
