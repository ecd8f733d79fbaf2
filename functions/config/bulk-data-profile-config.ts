import type { BulkDataProfileSettings } from "../core/bulk-data/bulk-data-profile.ts";
import {
  type BulkReportFormat,
  csvReportFormats,
  jsonReportFormats,
} from "../core/bulk-data/bulk-report.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";
import { parseSecretsKey } from "./secrets-key.ts";

/** The built-in bulk data profile (core/bulk-data/bulk-data-profile.ts), as configured. */
export interface BulkDataProvisioningConfig {
  /** Without `url` (ACS_BULK_DATA_URL) the local ACS fills in its own collector's. */
  readonly settings: Omit<BulkDataProfileSettings, "url"> & { readonly url?: string };
  /** ACS_BULK_DATA_KEY, shared with the collector; the local ACS fills in its own. */
  readonly key?: Uint8Array;
}

const formats: readonly BulkReportFormat[] = [
  ...jsonReportFormats.map((format) => ({ encoding: "JSON" as const, format })),
  ...csvReportFormats.map((format) => ({ encoding: "CSV" as const, format })),
];

/**
 * ACS_BULK_DATA_PARAMETERS (comma-separated TR-181 references; the profile is on when set),
 * ACS_BULK_DATA_URL (the collector CPEs post to), ACS_BULK_DATA_INTERVAL_SECONDS (3600),
 * ACS_BULK_DATA_FORMAT (`JSON:NameValuePair` (default), `JSON:ObjectHierarchy`,
 * `CSV:ParameterPerRow`, `CSV:ParameterPerColumn`), ACS_BULK_DATA_GZIP (true).
 */
export function readBulkDataProvisioning(env: EnvReader): BulkDataProvisioningConfig | undefined {
  const listed = env.optionalString("ACS_BULK_DATA_PARAMETERS");
  if (listed === undefined) return undefined;
  const references = listed
    .split(",")
    .map((reference) => reference.trim())
    .filter((reference) => reference.length > 0);
  if (references.length === 0 || references.some((reference) => !/^Device\.\S+$/.test(reference)))
    throw new ConfigError(
      "ACS_BULK_DATA_PARAMETERS",
      "must list TR-181 references under Device., separated by commas",
    );
  const url = env.optionalString("ACS_BULK_DATA_URL");
  if (url !== undefined && !/^https?:\/\/[^\s?#]+$/.test(url))
    throw new ConfigError("ACS_BULK_DATA_URL", "must be an http(s) URL without query or fragment");
  const key = env.optionalString("ACS_BULK_DATA_KEY");
  return {
    settings: {
      references,
      intervalSeconds: env.integer("ACS_BULK_DATA_INTERVAL_SECONDS", 3600, {
        min: 1,
        max: 604_800,
      }),
      format: readFormat(env),
      gzip: env.boolean("ACS_BULK_DATA_GZIP", true),
      ...(url !== undefined && { url }),
    },
    ...(key !== undefined && { key: parseSecretsKey(key, "ACS_BULK_DATA_KEY") }),
  };
}

function readFormat(env: EnvReader): BulkReportFormat {
  const given = env.string("ACS_BULK_DATA_FORMAT", "JSON:NameValuePair");
  const format = formats.find((f) => `${f.encoding}:${f.format}` === given);
  if (format === undefined)
    throw new ConfigError(
      "ACS_BULK_DATA_FORMAT",
      `must be one of ${formats.map((f) => `${f.encoding}:${f.format}`).join(", ")}`,
    );
  return format;
}
