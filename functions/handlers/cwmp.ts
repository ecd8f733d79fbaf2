import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createJsonLogger } from "../adapters/log/json-logger.ts";
import { createCwmpService } from "../app/create-cwmp-service.ts";
import { readCwmpConfig } from "../config/cwmp-config.ts";
import { envReader } from "../config/env-reader.ts";
import { createCwmpHandler } from "./cwmp-handler.ts";

/**
 * Lambda entry of the CWMP endpoint. Configuration is read once, at cold
 * start; in AWS, CPE authentication defaults to digest.
 */
const config = readCwmpConfig(envReader(process.env), { auth: "digest" });
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const logger = createJsonLogger({ service: "cwmp" });

export const handler = createCwmpHandler(createCwmpService({ config, dynamo, logger }));
