import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { CwmpHttpHead, CwmpHttpResponse } from "../services/cwmp-http.ts";
import type { CwmpSessionService } from "../services/cwmp-session-service.ts";
import { parseCookieHeader } from "../services/session-cookie.ts";
import { canonicalHeaders } from "./canonical-header-name.ts";

export type CwmpHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A header-only check before the body is read: a refusal, or undefined to go on. */
export type CwmpAdmitHook = (
  head: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

/**
 * API Gateway HTTP API (payload format 2.0) <-> the CWMP session service.
 * The local ACS feeds the same events to the same function. The service keeps header
 * names lower-cased; they are spelled canonically here, at the edge.
 */
export function createCwmpHandler(service: Pick<CwmpSessionService, "handle">): CwmpHandler {
  return async (event) =>
    gatewayResult(
      await service.handle({
        ...cwmpHead(event),
        body: event.body
          ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
          : new Uint8Array(),
      }),
    );
}

/**
 * The service's header-only stage for a server that reads bodies itself (the local ACS):
 * unauthenticated requests are answered before their body is read. The handler runs the same
 * check again with the body; admit writes nothing, so running it twice is safe.
 */
export function createCwmpAdmitHook(service: Pick<CwmpSessionService, "admit">): CwmpAdmitHook {
  return async (head) => {
    const outcome = await service.admit(cwmpHead(head));
    return outcome.kind === "refused" ? gatewayResult(outcome.response) : undefined;
  };
}

function cwmpHead(event: APIGatewayProxyEventV2): CwmpHttpHead {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath || "/",
    headers: event.headers ?? {},
    cookies: parseCookieHeader((event.cookies ?? []).join("; ")),
    sourceIp: event.requestContext.http.sourceIp,
  };
}

function gatewayResult(response: CwmpHttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    // CPEs may match header names case-sensitively: answer them canonically spelled.
    headers: canonicalHeaders(response.headers),
    ...(response.cookies && { cookies: [...response.cookies] }),
    body: response.body,
    isBase64Encoded: false,
  };
}
