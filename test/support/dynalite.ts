/** Tests start the same dynalite as the local ACS does. */
export {
  type LocalDynamo,
  type LocalDynamoOptions,
  localDynamoClients,
  startDynalite,
} from "../../functions/local/start-dynalite.ts";
