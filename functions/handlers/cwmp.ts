import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createEventBridgeSink } from "../adapters/events/eventbridge-event-sink.ts";
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
const busName = process.env.ACS_EVENT_BUS_NAME?.trim();
const events = busName
  ? createEventBridgeSink({ client: new EventBridgeClient({}), busName, logger })
  : undefined;

export const handler = createCwmpHandler(
  createCwmpService({ config, dynamo, logger, ...(events && { events }) }),
);
