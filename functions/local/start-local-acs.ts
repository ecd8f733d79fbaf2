import { mkdirSync } from "node:fs";
import { createCwmpService } from "../app/create-cwmp-service.ts";
import { createCwmpHandler } from "../handlers/cwmp-handler.ts";
import type { Logger } from "../ports.ts";
import type { LocalConfig } from "./local-config.ts";
import { serveHandler } from "./serve-handler.ts";
import { type LocalDynamo, startDynalite } from "./start-dynalite.ts";

export interface LocalAcs {
  readonly cwmpUrl: string;
  readonly dynamo: LocalDynamo;
  stop(): Promise<void>;
}

/**
 * The whole ACS on one machine: dynalite for DynamoDB and node:http for API
 * Gateway, in front of the same handlers that run in Lambda.
 */
export async function startLocalAcs(config: LocalConfig, logger: Logger): Promise<LocalAcs> {
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const dynamo = await startDynalite({
    tableName: config.cwmp.tableName,
    ...(config.dataDir && { path: config.dataDir }),
  });
  try {
    const service = createCwmpService({ config: config.cwmp, dynamo: dynamo.client, logger });
    const cwmp = await serveHandler({
      host: config.host,
      port: config.cwmpPort,
      handler: createCwmpHandler(service),
      logger,
    });
    return {
      cwmpUrl: cwmp.url,
      dynamo,
      stop: async () => {
        await cwmp.close();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
