import { after, before } from "node:test";
import { type LocalDynamo, startDynalite } from "../../functions/local/start-dynalite.ts";

/** Tests start the same dynalite as the local ACS does. */
export {
  type LocalDynamo,
  type LocalDynamoOptions,
  localDynamoClients,
  startDynalite,
} from "../../functions/local/start-dynalite.ts";

export interface SuiteDynalite {
  /** The suite's dynalite; throws if its `before` hook has not run (or failed). */
  dynamo(): LocalDynamo;
  /** A new, empty table on it (`<prefix>-<n>`), so each test starts from nothing. */
  freshTable(): Promise<{ readonly client: LocalDynamo["client"]; readonly tableName: string }>;
}

/**
 * One dynalite for the enclosing `describe`: started before its tests, stopped after them.
 * Call it inside the `describe` callback, where node:test attaches the hooks to that suite.
 */
export function dynaliteForSuite(tablePrefix: string): SuiteDynalite {
  let started: LocalDynamo | undefined;
  let tables = 0;
  before(async () => {
    started = await startDynalite();
  });
  after(async () => {
    await started?.stop();
  });
  const dynamo = () => {
    if (!started) throw new Error("dynalite did not start");
    return started;
  };
  return {
    dynamo,
    freshTable: async () => {
      const { client } = dynamo();
      tables += 1;
      return { client, tableName: await dynamo().createTable(`${tablePrefix}-${tables}`) };
    },
  };
}
