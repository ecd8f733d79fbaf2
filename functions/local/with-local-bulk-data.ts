import type { CwmpConfig } from "../config/cwmp-config.ts";

/**
 * The built-in bulk data profile pointed at this process's collector, with its key, unless
 * ACS_BULK_DATA_URL / ACS_BULK_DATA_KEY named others (the profile is on only with
 * ACS_BULK_DATA_PARAMETERS).
 */
export function withLocalBulkData(
  config: CwmpConfig,
  collector: { readonly url: string; readonly key: Uint8Array },
): CwmpConfig {
  const bulk = config.provisioning.bulkData;
  if (bulk === undefined) return config;
  return {
    ...config,
    provisioning: {
      ...config.provisioning,
      bulkData: {
        settings: { ...bulk.settings, url: bulk.settings.url ?? collector.url },
        key: bulk.key ?? collector.key,
      },
    },
  };
}
