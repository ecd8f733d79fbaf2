import { createJsonLogger } from "../../functions/adapters/log/json-logger.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import type { ActivityCounter } from "../../functions/local/activity-counter.ts";
import { readLocalConfig } from "../../functions/local/local-config.ts";
import { startLocalAcs } from "../../functions/local/start-local-acs.ts";

/** The local ACS exactly as `npm start` builds it, on free ports, with a known API token. */
export async function startLocalAcsHarness(
  env: Record<string, string> = {},
  options: { readonly activity?: ActivityCounter } = {},
) {
  const vars = {
    ACS_CWMP_PORT: "0",
    ACS_API_PORT: "0",
    ACS_FILES_PORT: "0",
    ACS_BULK_DATA_PORT: "0",
    ACS_API_TOKEN: "test-token",
    ...env,
  };
  const config = readLocalConfig(envReader(vars), vars);
  const logs: string[] = [];
  const acs = await startLocalAcs(
    config,
    createJsonLogger({ service: "test", write: (line) => logs.push(line) }),
    undefined,
    options,
  );
  const codec = createCwmpCodec();
  return {
    ...acs,
    config,
    logs,
    /** Calls the API with the bearer token. */
    api: async (
      method: string,
      path: string,
      options: { body?: unknown; headers?: Record<string, string> } = {},
    ) => {
      const response = await fetch(new URL(path.replace(/^\//, ""), acs.apiUrl), {
        method,
        headers: {
          authorization: "Bearer test-token",
          ...(options.body !== undefined && { "content-type": "application/json" }),
          ...options.headers,
        },
        ...(options.body !== undefined && {
          body: typeof options.body === "string" ? options.body : JSON.stringify(options.body),
        }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    },
    /** Registers a device with one BOOTSTRAP session (Inform, empty POST, 204). */
    register: async (serial: string, options: { oui?: string; productClass?: string } = {}) => {
      const xml = codec.encodeCpeMessage({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        header: { id: "1" },
        body: {
          method: "Inform",
          deviceId: {
            manufacturer: "Acme",
            oui: options.oui ?? "00D09E",
            productClass: options.productClass ?? "HGW",
            serialNumber: serial,
          },
          event: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
          maxEnvelopes: 1,
          currentTime: "2026-11-24T10:00:00Z",
          retryCount: 0,
          parameterList: [
            { name: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: "string" },
          ],
        },
      });
      const informed = await fetch(acs.cwmpUrl, { method: "POST", body: xml });
      const cookie = informed.headers.getSetCookie()[0]?.split(";")[0] ?? "";
      await informed.text();
      const end = await fetch(acs.cwmpUrl, { method: "POST", headers: { cookie }, body: "" });
      await end.text();
      if (end.status !== 204) throw new Error(`registration of ${serial} ended with ${end.status}`);
      return `${options.oui ?? "00D09E"}-${options.productClass ?? "HGW"}-${serial}`;
    },
  };
}

export type LocalAcsHarness = Awaited<ReturnType<typeof startLocalAcsHarness>>;
