import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Admission } from "../services/admit-request.ts";
import type { CwmpHttpHead, CwmpHttpResponse } from "../services/cwmp-http.ts";
import type { CwmpSessionService } from "../services/cwmp-session-service.ts";
import { parseCookieHeader } from "../services/session-cookie.ts";
import { canonicalHeaders } from "./canonical-header-name.ts";

export type CwmpHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The endpoint for a server that reads bodies itself (the local ACS): `admit` runs the
 * service's header-only stage before the body is read, and `handle` goes on with its admission,
 * so nothing is checked or read twice. Not a Lambda handler: Lambda passes its context as the
 * second argument, which must never pass for an admission.
 */
export interface CwmpEndpoint {
  admit(
    head: APIGatewayProxyEventV2,
  ): Promise<
    { readonly refuse: APIGatewayProxyStructuredResultV2 } | { readonly admitted: Admission }
  >;
  handle(
    event: APIGatewayProxyEventV2,
    admitted?: Admission,
  ): Promise<APIGatewayProxyStructuredResultV2>;
}

/**
 * API Gateway HTTP API (payload format 2.0) <-> the CWMP session service.
 * The local ACS feeds the same events to the same function. The service keeps header
 * names lower-cased; they are spelled canonically here, at the edge.
 */
export function createCwmpHandler(service: Pick<CwmpSessionService, "handle">): CwmpHandler {
  return (event) => handleEvent(service, event, undefined);
}

export interface CwmpEndpointOptions {
  /**
   * Take requestContext.authentication.clientCert as a verified client certificate: only for a
   * listener whose TLS handshake verified it (the local ACS's mutual-TLS listener). @default false
   */
  readonly verifiedClientCertificates?: boolean;
}

export function createCwmpEndpoint(
  service: CwmpSessionService,
  options: CwmpEndpointOptions = {},
): CwmpEndpoint {
  const trusted = options.verifiedClientCertificates === true;
  return {
    admit: async (head) => {
      const outcome = await service.admit(cwmpHead(head, trusted));
      return outcome.kind === "refused"
        ? { refuse: gatewayResult(outcome.response) }
        : { admitted: outcome.admission };
    },
    handle: (event, admitted) => handleEvent(service, event, admitted, trusted),
  };
}

async function handleEvent(
  service: Pick<CwmpSessionService, "handle">,
  event: APIGatewayProxyEventV2,
  admitted: Admission | undefined,
  trustClientCertificate = false,
): Promise<APIGatewayProxyStructuredResultV2> {
  const request = {
    ...cwmpHead(event, trustClientCertificate),
    body: event.body
      ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
      : new Uint8Array(),
  };
  return gatewayResult(await service.handle(request, admitted));
}

function cwmpHead(event: APIGatewayProxyEventV2, trustClientCertificate: boolean): CwmpHttpHead {
  const cert = trustClientCertificate ? event.requestContext.authentication?.clientCert : undefined;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath || "/",
    headers: event.headers ?? {},
    cookies: parseCookieHeader((event.cookies ?? []).join("; ")),
    sourceIp: event.requestContext.http.sourceIp,
    ...(cert && {
      clientCertificate: {
        subject: cert.subjectDN,
        serialNumber: cert.serialNumber,
        issuer: cert.issuerDN,
      },
    }),
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
