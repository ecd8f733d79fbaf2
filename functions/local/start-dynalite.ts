import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { awsLiteOnFirstUse } from "../adapters/aws-lite/aws-lite-on-first-use.ts";
import {
  createDynamoCaller,
  type DynamoCaller,
  type DynamoCallerOptions,
} from "../adapters/dynamodb/dynamo-caller.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";

/** The part of dynalite's server we use (it ships no types). */
interface DynaliteServer {
  listen(port: number, host: string, callback: () => void): void;
  address(): AddressInfo | string | null;
  close(callback: (error?: Error) => void): void;
  once(event: "error", listener: (error: Error) => void): void;
}
type CreateDynalite = (options: { createTableMs: number; path?: string }) => DynaliteServer;

export interface LocalDynamo {
  /** The path every adapter uses, in AWS too (dynamo-caller.ts). */
  readonly client: DynamoCaller;
  /** The SDK's client, for what only the local stand-in needs: creating tables (table-definition.ts). */
  readonly rawClient: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
  /** Creates (and waits for) another table on the same server; returns its name. */
  createTable(tableName: string): Promise<string>;
  stop(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** @default "acs-test" */
  readonly tableName?: string;
  /** Keep data in this directory (LevelDB) instead of memory. */
  readonly path?: string;
  /** The caller's retry settings. */
  readonly clientConfig?: Pick<DynamoCallerOptions, "maxAttempts" | "baseDelayMs">;
}

/** Builds the clients for a local endpoint with dummy credentials (nothing leaves loopback). */
export function localDynamoClients(
  endpoint: string,
  clientConfig: LocalDynamoOptions["clientConfig"] = {},
): { rawClient: DynamoDBClient; client: DynamoCaller } {
  const region = "us-east-1";
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const rawClient = new DynamoDBClient({ endpoint, region, credentials });
  const client = createDynamoCaller({
    ...clientConfig,
    awsLite: awsLiteOnFirstUse({ endpoint, region, credentials }),
  });
  return { rawClient, client };
}

/**
 * An in-process dynalite (the local DynamoDB stand-in) on 127.0.0.1 and a
 * free port, in memory or in `path`, with the ACS table created from
 * table-definition.ts. Used by the local ACS and by the tests.
 */
export async function startDynalite(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const createDynalite = createRequire(import.meta.url)("dynalite") as CreateDynalite;
  const server = createDynalite({ createTableMs: 0, ...(options.path && { path: options.path }) });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("dynalite has no port");
  const endpoint = `http://127.0.0.1:${address.port}`;
  const { rawClient, client } = localDynamoClients(endpoint, options.clientConfig);
  const createTable = async (tableName: string) => {
    await ensureTable(rawClient, tableName, { pollMs: 10 });
    return tableName;
  };
  const tableName = await createTable(options.tableName ?? "acs-test").catch(async (error) => {
    // Nothing else will stop this server: close it so the process can report and exit.
    rawClient.destroy();
    await new Promise((resolve) => server.close(resolve));
    throw error;
  });
  return {
    client,
    rawClient,
    tableName,
    endpoint,
    createTable,
    stop: async () => {
      rawClient.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
