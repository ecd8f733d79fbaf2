import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { layeredCredentialStore } from "../adapters/credentials/layered-credential-store.ts";
import { createStaticCredentialStore } from "../adapters/credentials/static-credential-store.ts";
import { createDynamoCpeCredentialStore } from "../adapters/dynamodb/dynamo-cpe-credential-store.ts";
import { createDynamoDeviceStore } from "../adapters/dynamodb/dynamo-device-store.ts";
import { createDynamoParameterStore } from "../adapters/dynamodb/dynamo-parameter-store.ts";
import { createDynamoTaskStore } from "../adapters/dynamodb/dynamo-task-store.ts";
import { noEvents } from "../adapters/events/local-event-sink.ts";
import { createRandomIdSource } from "../adapters/random-id-source.ts";
import type { CwmpConfig } from "../config/cwmp-config.ts";
import { createCpeAuthenticator } from "../core/auth/cpe-authenticator.ts";
import { createCwmpCodec } from "../core/cwmp/cwmp-codec.ts";
import type { Clock, EventSink, Logger } from "../ports.ts";
import {
  type CwmpSessionService,
  createCwmpSessionService,
} from "../services/cwmp-session-service.ts";

/** The composition root of the CWMP endpoint, shared by Lambda and the local ACS. */
export function createCwmpService(options: {
  readonly config: CwmpConfig;
  readonly dynamo: DynamoDBDocumentClient;
  readonly logger: Logger;
  readonly events?: EventSink;
  readonly clock?: Clock;
}): CwmpSessionService {
  const { config, dynamo: client, logger } = options;
  const store = { client, tableName: config.tableName };
  return createCwmpSessionService({
    codec: createCwmpCodec({ xmlDeclaration: config.xmlDeclaration }),
    devices: createDynamoDeviceStore(store),
    parameters: createDynamoParameterStore(store),
    tasks: createDynamoTaskStore(store),
    // Per-device credentials (API-provisioned, HA1 only) first, then the shared pair.
    credentials: layeredCredentialStore([
      createDynamoCpeCredentialStore(store),
      ...(config.cpeUsername !== undefined && config.cpePassword !== undefined
        ? [
            createStaticCredentialStore({
              username: config.cpeUsername,
              password: config.cpePassword,
            }),
          ]
        : []),
    ]),
    authenticator: createCpeAuthenticator({
      mode: config.cpeAuth,
      realm: config.cpeAuthRealm,
      nonceSecret: config.nonceSecret,
    }),
    clock: options.clock ?? { now: () => Date.now() },
    ids: createRandomIdSource(),
    logger,
    events: options.events ?? noEvents,
    sessionLeaseMs: config.sessionLeaseMs,
    maxExchanges: config.maxExchanges,
  });
}
