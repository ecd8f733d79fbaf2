import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { CwmpSessionService } from "../services/cwmp-session-service.ts";
import { parseCookieHeader } from "../services/session-cookie.ts";
import { canonicalHeaders } from "./canonical-header-name.ts";

export type CwmpHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * API Gateway HTTP API (payload format 2.0) <-> the CWMP session service.
 * The local ACS feeds the same events to the same function. The service keeps header
 * names lower-cased; they are spelled canonically here, at the edge.
 */
export function createCwmpHandler(service: Pick<CwmpSessionService, "handle">): CwmpHandler {
  return async (event) => {
    const response = await service.handle({
      method: event.requestContext.http.method,
      path: event.rawPath || "/",
      headers: event.headers ?? {},
      cookies: parseCookieHeader((event.cookies ?? []).join("; ")),
      body: event.body
        ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
        : new Uint8Array(),
      sourceIp: event.requestContext.http.sourceIp,
    });
    return {
      statusCode: response.status,
      // CPEs may match header names case-sensitively: answer them canonically spelled.
      headers: canonicalHeaders(response.headers),
      ...(response.cookies && { cookies: [...response.cookies] }),
      body: response.body,
      isBase64Encoded: false,
    };
  };
}
