import { timingSafeEqual } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { json } from "../api/api-http.ts";
import type { ApiService } from "../api/create-api-service.ts";

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * What the bearer token does not guard: the API's own description (the OpenAPI
 * document and its HTML rendering), so a new user can read it before holding a
 * token. Exact paths only, GET only; everything else needs the token.
 */
const publicPaths: ReadonlySet<string> = new Set(["/openapi.json", "/docs"]);

/**
 * API Gateway HTTP API (payload 2.0) <-> the provisioning API. In AWS,
 * API Gateway's IAM authorizer has already checked SigV4; locally a bearer
 * token guards the same handler (`bearerToken`), except `publicPaths`.
 */
export function createApiHandler(
  service: ApiService,
  options: { readonly bearerToken?: string } = {},
): ApiHandler {
  return async (event) => {
    const headers = event.headers ?? {};
    const method = event.requestContext.http.method;
    const path = event.rawPath.replace(/^\/api(?=\/|$)/, "") || "/";
    const isPublic = method === "GET" && publicPaths.has(path);
    if (
      options.bearerToken !== undefined &&
      !isPublic &&
      !bearerMatches(headers.authorization, options.bearerToken)
    ) {
      return toResult(
        json(
          401,
          { error: "unauthorized", message: "missing or wrong bearer token" },
          { "www-authenticate": "Bearer" },
        ),
      );
    }
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

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
