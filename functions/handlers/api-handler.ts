import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { json } from "../api/api-http.ts";
import type { ApiService } from "../api/create-api-service.ts";
import type { RoleToken } from "../config/api-role-tokens.ts";
import { type ApiGatewayEvent, identifyApiCaller } from "./identify-api-caller.ts";

export type ApiHandler = (event: ApiGatewayEvent) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * What the bearer token does not guard: the API's own description (the OpenAPI
 * document and its HTML rendering), so a new user can read it before holding a
 * token. Exact paths only, GET only; everything else needs the token.
 */
const publicPaths: ReadonlySet<string> = new Set(["/openapi.json", "/docs"]);

/** The console's route set (JWT authorizer) in AWS; the machines' is "/api" (IAM). */
const consolePrefix = /^\/console-api(?=\/|$)/;
/** Either route set's prefix, stripped once: the routes below it are the same. */
const routeSetPrefix = /^\/(?:console-)?api(?=\/|$)/;

/**
 * API Gateway HTTP API (payload 2.0) <-> the provisioning API. In AWS, API Gateway has already
 * checked SigV4 (IAM authorizer, "/api") or the Cognito JWT ("/console-api"); locally bearer
 * tokens guard the same handler (`bearerToken`: admin, `roleTokens`: lesser roles), except
 * `publicPaths`. The caller's role goes with the request; the service checks it per route.
 */
export function createApiHandler(
  service: ApiService,
  options: { readonly bearerToken?: string; readonly roleTokens?: readonly RoleToken[] } = {},
): ApiHandler {
  const tokens =
    options.bearerToken === undefined
      ? undefined
      : [{ role: "admin" as const, token: options.bearerToken }, ...(options.roleTokens ?? [])];
  return async (event) => {
    const headers = event.headers ?? {};
    const method = event.requestContext.http.method;
    const consoleRoute = consolePrefix.test(event.rawPath);
    const path = event.rawPath.replace(routeSetPrefix, "") || "/";
    const caller = identifyApiCaller(event, { consoleRoute, ...(tokens && { tokens }) });
    const isPublic = method === "GET" && publicPaths.has(path);
    if (caller.kind === "unauthenticated" && !isPublic)
      return toResult(
        json(
          401,
          { error: "unauthorized", message: caller.message },
          { "www-authenticate": "Bearer" },
        ),
      );
    if (caller.kind === "no-role" && !isPublic)
      return toResult(json(403, { error: "forbidden", message: caller.message }));
    const body =
      event.body === undefined
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, "base64").toString("utf8")
          : event.body;
    const response = await service.handle({
      method,
      path,
      query: parseQuery(event.rawQueryString),
      headers,
      body,
      // A public path read without credentials: the route needs no more than a viewer.
      principal:
        caller.kind === "principal"
          ? caller.principal
          : { id: "anonymous", role: "viewer", source: "token" },
    });
    return toResult(response);
  };
}

function toResult(response: {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}) {
  return {
    statusCode: response.status,
    headers: { ...response.headers },
    body: response.body,
    isBase64Encoded: false,
  };
}

/** Query string -> first value of each name (repeated names are not used by this API). */
function parseQuery(raw: string): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(raw))
    if (!Object.hasOwn(query, name)) query[name] = value;
  return query;
}
