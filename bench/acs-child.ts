import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { countRequests } from "../functions/adapters/dynamodb/count-requests.ts";
import { createJsonLogger } from "../functions/adapters/log/json-logger.ts";
import { envReader } from "../functions/config/env-reader.ts";
import { readLocalConfig } from "../functions/local/local-config.ts";
import { startLocalAcs } from "../functions/local/start-local-acs.ts";
import { countRequestsByDevice } from "./count-by-device.ts";

/**
 * The local ACS as `npm start` runs it, in its own process so the session
 * benchmark can read this process's peak RSS. Prints one JSON line on
 * stdout (`AcsChildReady`), then serves a loopback control endpoint:
 * GET /counts gives the DynamoDB requests the ACS sent per operation since
 * the last POST /counts/reset, GET /counts/by-device the same per device
 * (count-by-device.ts), GET /units the read and write units they consumed per operation
 * (count-requests.ts: as dynalite reports them, base table only). SIGTERM stops it.
 */
export interface AcsChildReady {
  readonly pid: number;
  readonly cwmpUrl: string;
  /** The REST API (bearer token: ACS_API_TOKEN as given to the process). */
  readonly apiUrl: string;
  readonly controlUrl: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
}

async function main(): Promise<void> {
  // Measure what AWS runs: the profile list cached per instance (local default: no cache).
  const env = { ACS_PROFILE_CACHE_SECONDS: "30", ...process.env };
  const config = readLocalConfig(envReader(env), env);
  const logger = createJsonLogger({
    service: "bench-acs",
    level: "warn",
    write: (line) => process.stderr.write(`${line}\n`),
  });
  const acs = await startLocalAcs(config, logger);
  const counter = countRequests(acs.dynamo.client);
  const byDevice = countRequestsByDevice(acs.dynamo.client);
  const control = createServer((request, response) => {
    const route = `${request.method} ${request.url}`;
    let body: object;
    if (route === "POST /counts/reset") {
      counter.reset();
      byDevice.reset();
      body = counter.counts();
    } else if (route === "GET /counts") body = counter.counts();
    else if (route === "GET /counts/by-device") body = byDevice.snapshot();
    else if (route === "GET /units") body = counter.unitsByOperation();
    else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const { port } = control.address() as AddressInfo;
  const ready: AcsChildReady = {
    pid: process.pid,
    cwmpUrl: acs.cwmpUrl,
    apiUrl: acs.apiUrl,
    controlUrl: `http://127.0.0.1:${port}`,
    dynamoEndpoint: acs.dynamo.endpoint,
    tableName: acs.dynamo.tableName,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.once("SIGTERM", () => {
    control.close();
    void acs.stop().then(() => process.exit(0));
  });
}

await main();
