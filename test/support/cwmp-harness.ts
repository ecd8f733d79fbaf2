import { request } from "node:http";
import { countRequests } from "../../functions/adapters/dynamodb/count-requests.ts";
import { createDynamoDeviceStore } from "../../functions/adapters/dynamodb/dynamo-device-store.ts";
import { createDynamoParameterStore } from "../../functions/adapters/dynamodb/dynamo-parameter-store.ts";
import { createDynamoProfileStore } from "../../functions/adapters/dynamodb/dynamo-profile-store.ts";
import { createDynamoTaskStore } from "../../functions/adapters/dynamodb/dynamo-task-store.ts";
import { createJsonLogger } from "../../functions/adapters/log/json-logger.ts";
import { createCwmpService } from "../../functions/app/create-cwmp-service.ts";
import type { CwmpConfig } from "../../functions/config/cwmp-config.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import { defaultProfileTiming } from "../../functions/core/provisioning/profile-state.ts";
import { createCwmpHandler } from "../../functions/handlers/cwmp-handler.ts";
import { serveHandler } from "../../functions/local/serve-handler.ts";
import { startDynalite } from "../../functions/local/start-dynalite.ts";

/**
 * The CWMP endpoint as the local ACS runs it (real handler, node:http,
 * dynalite), with a clock the test can move forward.
 */
export async function startCwmpHarness(overrides: Partial<CwmpConfig> = {}) {
  const dynamo = await startDynalite({ tableName: "acs" });
  let offsetMs = 0;
  const clock = { now: () => Date.now() + offsetMs };
  const config: CwmpConfig = {
    tableName: "acs",
    cpeAuth: "none",
    cpeAuthRealm: "acs",
    nonceSecret: "test-secret",
    cpeNonceLifetimeMs: 60_000,
    cpeDigestAlgorithms: ["SHA-256", "MD5"],
    cpeDigestWithoutQop: false,
    sessionIdleTimeoutMs: 30_000,
    maxExchanges: 100,
    xmlDeclaration: false,
    provisioning: {
      // Steady state: the profile list is read once per instance per minute, not per session.
      profileCacheMs: 60_000,
      maxRpcsPerSession: 32,
      timing: defaultProfileTiming,
    },
    taskDefaults: builtInTaskDefaults,
    secretParameters: builtInSecretPolicy,
    ...overrides,
  };
  const logs: string[] = [];
  const logger = createJsonLogger({ service: "test", write: (line) => logs.push(line) });
  const service = createCwmpService({ config, dynamo: dynamo.client, logger, clock });
  const server = await serveHandler({
    host: "127.0.0.1",
    port: 0,
    handler: createCwmpHandler(service),
    logger,
  });
  const store = { client: dynamo.client, tableName: "acs" };
  const counter = countRequests(dynamo.client);
  return {
    url: server.url,
    clock,
    logs,
    counter,
    advance: (ms: number) => {
      offsetMs += ms;
    },
    devices: createDynamoDeviceStore(store),
    parameters: createDynamoParameterStore(store),
    tasks: createDynamoTaskStore(store),
    profiles: createDynamoProfileStore(store),
    stop: async () => {
      counter.detach();
      await server.close();
      await dynamo.stop();
    },
  };
}

export type CwmpHarness = Awaited<ReturnType<typeof startCwmpHarness>>;

/** One POST as a CPE sends it; returns status, headers and body. */
export async function post(
  url: string,
  body: string,
  options: { cookie?: string; authorization?: string; encoding?: string; raw?: Uint8Array } = {},
) {
  const headers: Record<string, string> = { "content-type": "text/xml; charset=utf-8" };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.authorization) headers.authorization = options.authorization;
  if (options.encoding) headers["content-encoding"] = options.encoding;
  const response = await fetch(url, { method: "POST", headers, body: options.raw ?? body });
  const setCookie = response.headers.getSetCookie();
  return {
    status: response.status,
    headers: response.headers,
    cookie: setCookie[0]?.split(";")[0],
    body: await response.text(),
  };
}

/**
 * One POST through node:http, which keeps header names as spelled on the wire (fetch
 * lower-cases them): for checks of what a case-sensitive CPE would see.
 */
export function rawPost(
  url: string,
  body: string,
  options: { cookie?: string } = {},
): Promise<{ status: number; headerNames: string[]; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "Content-Type": "text/xml; charset=utf-8" };
    if (options.cookie) headers.Cookie = options.cookie;
    const outgoing = request(url, { method: "POST", headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headerNames: response.rawHeaders.filter((_value, index) => index % 2 === 0),
          cookie: response.headers["set-cookie"]?.[0]?.split(";")[0],
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
