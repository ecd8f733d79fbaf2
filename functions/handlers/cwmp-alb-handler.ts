import { STATUS_CODES } from "node:http";
import type { ALBEvent, ALBResult } from "aws-lambda";
import {
  type CwmpHttpRequest,
  type CwmpHttpResponse,
  textResponse,
} from "../services/cwmp-http.ts";
import type { CwmpSessionService } from "../services/cwmp-session-service.ts";
import { parseCookieHeader } from "../services/session-cookie.ts";
import { albClientCertificate, albMtlsHeaders } from "./alb-client-certificate.ts";
import { canonicalHeaders } from "./canonical-header-name.ts";

export type CwmpAlbHandler = (event: ALBEvent) => Promise<ALBResult>;

/** The request as the session service takes it, with the path the CPE posted to. */
export type CwmpAlbRequest = CwmpHttpRequest & {
  /** The request path ("/", "/cwmp"): what the digest `uri` names (RFC 7616 §3.4). */
  readonly path: string;
};

/**
 * The session service answered with more than one Set-Cookie. The ALB target group runs
 * with multi-value headers off (lib/constructs/cwmp-front-door.ts), so a response carries
 * one value per header name; RFC 6265 §3 forbids folding Set-Cookie values into one line.
 */
export class AlbSetCookieLimitError extends Error {
  override readonly name = "AlbSetCookieLimitError";
  constructor(readonly count: number) {
    super(`an ALB response with multi-value headers off carries one Set-Cookie, not ${count}`);
  }
}

/**
 * Application Load Balancer (Lambda target, multi-value headers off) <-> the CWMP session
 * service: the same exchange as the HTTP API's cwmp-handler.ts, for CPEs that reach the ACS
 * through the WAF-protected front door.
 */
export interface CwmpAlbHandlerOptions {
  /** The mTLS listener's target group (ACS_MTLS_TARGET_GROUP); unset without mutual TLS. */
  readonly mtlsTargetGroupName?: string;
}

export function createCwmpAlbHandler(
  service: Pick<CwmpSessionService, "handle">,
  options: CwmpAlbHandlerOptions = {},
): CwmpAlbHandler {
  return async (event) => {
    // A target group with multi-value headers on takes answers in that shape only.
    const answer = event.multiValueHeaders ? albMultiValueResult : albResultFromCwmp;
    const certificate = albClientCertificate(event, albHeaders(event), options.mtlsTargetGroupName);
    if (certificate.kind === "missing") return answer(certificateRequired);
    return answer(await service.handle(cwmpRequestFromAlb(event, options.mtlsTargetGroupName)));
  };
}

/** Verify mode makes the load balancer refuse such handshakes; this is the second lock. */
const certificateRequired: CwmpHttpResponse = textResponse(403, "client certificate required");

/**
 * Header names lower-cased (the service's convention); cookies come in the `cookie` header
 * (the ALB has no `cookies` list); the body may be base64-encoded (the ALB decides by
 * content type). With `mtlsTargetGroupName`, events of that target group carry the verified
 * client certificate (the handler refuses them without one); everywhere else certificate
 * headers are dropped, never trusted.
 */
export function cwmpRequestFromAlb(event: ALBEvent, mtlsTargetGroupName?: string): CwmpAlbRequest {
  const headers = albHeaders(event);
  const certificate = albClientCertificate(event, headers, mtlsTargetGroupName);
  if (certificate.kind !== "verified") {
    for (const name of Object.values(albMtlsHeaders)) delete headers[name];
  }
  const sourceIp = clientAddress(headers["x-forwarded-for"]);
  return {
    method: event.httpMethod,
    path: event.path || "/",
    headers,
    cookies: parseCookieHeader(headers.cookie),
    body: event.body
      ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
      : new Uint8Array(),
    ...(sourceIp && { sourceIp }),
    ...(certificate.kind === "verified" && { clientCertificate: certificate.certificate }),
  };
}

/**
 * Header names lower-cased (the service's convention). With multi-value headers on (the ALB
 * sends `multiValueHeaders` instead of `headers`), Cookie lines are joined (RFC 6265 §5.4) and
 * other repeated headers keep their last value, as the ALB does with them off.
 */
function albHeaders(event: ALBEvent): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    const key = name.toLowerCase();
    headers[key] = key === "cookie" ? values?.join("; ") : values?.at(-1);
  }
  return headers;
}

/**
 * The address the ALB saw the connection from. The ALB appends it to X-Forwarded-For
 * (processing mode "append", set on the load balancer), so it is the last entry; earlier
 * entries are whatever the client sent and prove nothing.
 */
function clientAddress(forwardedFor: string | undefined): string | undefined {
  const last = forwardedFor?.split(",").at(-1)?.trim();
  return last || undefined;
}

/** The same answer for a target group with multi-value headers on: any number of Set-Cookie. */
export function albMultiValueResult(response: CwmpHttpResponse): ALBResult {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(canonicalHeaders(response.headers))) {
    multiValueHeaders[name] = [value];
  }
  if (response.cookies?.length) multiValueHeaders["Set-Cookie"] = [...response.cookies];
  return {
    statusCode: response.status,
    statusDescription: `${response.status} ${STATUS_CODES[response.status] ?? ""}`.trim(),
    multiValueHeaders,
    body: response.body,
    isBase64Encoded: false,
  };
}

/** Canonically spelled header names (CPEs may compare them case-sensitively), one Set-Cookie. */
export function albResultFromCwmp(response: CwmpHttpResponse): ALBResult {
  const cookies = response.cookies ?? [];
  if (cookies.length > 1) throw new AlbSetCookieLimitError(cookies.length);
  const headers: Record<string, string> = canonicalHeaders(response.headers);
  if (cookies[0] !== undefined) headers["Set-Cookie"] = cookies[0];
  return {
    statusCode: response.status,
    statusDescription: `${response.status} ${STATUS_CODES[response.status] ?? ""}`.trim(),
    headers,
    body: response.body,
    isBase64Encoded: false,
  };
}
