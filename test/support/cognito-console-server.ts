import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { createJsonLogger } from "../../functions/adapters/log/json-logger.ts";
import { createSqsConnectionRequestQueue } from "../../functions/adapters/sqs/sqs-connection-request-queue.ts";
import { createApi } from "../../functions/app/create-api.ts";
import { buildConsole } from "../../functions/console/build-console.ts";
import { type ApiHandler, createApiHandler } from "../../functions/handlers/api-handler.ts";
import { withConsole } from "../../functions/local/serve-console.ts";
import { type ServedHandler, serveHandler } from "../../functions/local/serve-handler.ts";
import type { FakeCognito } from "./fake-cognito.ts";
import type { LocalAcsHarness } from "./local-acs-harness.ts";

/**
 * The console as deployed in AWS, on loopback: a test stand-in for CloudFront (the built
 * console and a Cognito `console-config.json` at `/`, `/console-api/*` to the API on the same
 * origin) and for the HTTP API's JWT authorizer (a bearer access token the fake hosted UI
 * issued becomes `requestContext.authorizer.jwt.claims`; any other, or none, is answered 401
 * before the handler runs, as API Gateway does). Behind it, the real API handler without
 * local tokens, over the local ACS's table and queue.
 */
export async function startCognitoConsoleServer(options: {
  readonly acs: LocalAcsHarness;
  readonly cognito: FakeCognito;
}): Promise<
  ServedHandler & {
    readonly logs: readonly string[];
    /** The authorizer's audience (the app client id); another one makes it refuse every token. */
    readonly authorizer: { audience: string };
  }
> {
  const { acs, cognito } = options;
  const logs: string[] = [];
  const logger = createJsonLogger({ service: "cognito-console", write: (line) => logs.push(line) });
  const { cwmp } = acs.config;
  const api = createApi({
    tableName: cwmp.tableName,
    cpeAuthRealm: cwmp.cpeAuthRealm,
    taskDefaults: cwmp.taskDefaults,
    secretParameters: cwmp.secretParameters,
    dynamo: acs.dynamo.client,
    connectionRequests: createSqsConnectionRequestQueue({
      client: acs.sqs.client,
      queueUrl: acs.sqs.queueUrl,
    }),
    events: { publish: async () => undefined },
    logger,
  });
  const authorizer = { audience: cognito.clientId };
  const handler = withConsole(jwtAuthorizer(createApiHandler(api), cognito, authorizer), {
    assets: await buildConsole(),
    config: {
      auth: "cognito",
      apiBase: "/console-api",
      cognito: { domain: cognito.domain, clientId: cognito.clientId, region: "local-1" },
    },
  });
  const served = await serveHandler({ host: "127.0.0.1", port: 0, handler, logger });
  return { ...served, logs, authorizer };
}

const unauthorized = {
  statusCode: 401,
  headers: { "content-type": "application/json", "www-authenticate": "Bearer" },
  body: JSON.stringify({ message: "Unauthorized" }),
  isBase64Encoded: false,
};

/**
 * API Gateway's JWT authorizer on `/console-api/*` (its only route set here): a Cognito access
 * token carries no `aud`, so its `client_id` is matched against the audience.
 */
function jwtAuthorizer(
  api: ApiHandler,
  cognito: FakeCognito,
  settings: { readonly audience: string },
): ApiHandler {
  return async (event) => {
    if (!/^\/console-api(?:\/|$)/.test(event.rawPath))
      return { statusCode: 404, body: "", isBase64Encoded: false };
    const bearer = /^Bearer (\S+)$/.exec(event.headers?.authorization ?? "")?.[1];
    const claims = bearer === undefined ? undefined : cognito.claimsOf(bearer);
    if (claims === undefined || claims.client_id !== settings.audience) return unauthorized;
    const authorized: APIGatewayProxyEventV2WithJWTAuthorizer = {
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: { principalId: "", integrationLatency: 0, jwt: { claims, scopes: [] } },
      },
    };
    return api(authorized);
  };
}
