import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { countRequests } from "../functions/adapters/dynamodb/count-requests.ts";
import { createJsonLogger } from "../functions/adapters/log/json-logger.ts";
import { envReader } from "../functions/config/env-reader.ts";
import { readLocalConfig } from "../functions/local/local-config.ts";
import { startLocalAcs } from "../functions/local/start-local-acs.ts";

/**
 * The local ACS as `npm start` runs it, in its own process so the session
 * benchmark can read this process's peak RSS. Prints one JSON line on
 * stdout (`AcsChildReady`), then serves a loopback control endpoint:
 * GET /counts gives the DynamoDB requests the ACS sent per operation since
 * the last POST /counts/reset. SIGTERM stops it.
 */
export interface AcsChildReady {
  readonly pid: number;
  readonly cwmpUrl: string;
  readonly controlUrl: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
}

async function main(): Promise<void> {
  const config = readLocalConfig(envReader(process.env), process.env);
  const logger = createJsonLogger({
    service: "bench-acs",
    level: "warn",
    write: (line) => process.stderr.write(`${line}\n`),
  });
  const acs = await startLocalAcs(config, logger);
  const counter = countRequests(acs.dynamo.rawClient);
  const control = createServer((request, response) => {
    const route = `${request.method} ${request.url}`;
    if (route === "POST /counts/reset") counter.reset();
    else if (route !== "GET /counts") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(counter.counts()));
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const { port } = control.address() as AddressInfo;
  const ready: AcsChildReady = {
    pid: process.pid,
    cwmpUrl: acs.cwmpUrl,
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
