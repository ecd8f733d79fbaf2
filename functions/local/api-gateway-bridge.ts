import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { canonicalHeaderName } from "../handlers/canonical-header-name.ts";
import { verifiedPeerCertificate } from "./verified-peer-certificate.ts";

/**
 * node:http <-> API Gateway HTTP API payload 2.0, so the local ACS runs the
 * exact handlers that run in Lambda. Bodies are bounded like API Gateway's
 * (10 MB) and always passed base64-encoded, as API Gateway does for
 * non-text content types.
 */
export const maxBodyBytes = 10 * 1024 * 1024;

/** The body is over the bound: by its Content-Length, or as it arrived (chunked). */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  constructor(readonly limitBytes: number) {
    super(`body over ${limitBytes} bytes`);
  }
}

/** The client went away, or node:http's request timeout cut it off, before the body was in. */
export class RequestAbortedError extends Error {
  override readonly name = "RequestAbortedError";
}

/**
 * The body's length as the headers declare it (RFC 9112 section 6.3): the
 * Content-Length, 0 without one and without Transfer-Encoding, undefined when
 * chunked (known only once read).
 */
export function declaredBodyLength(request: IncomingMessage): number | undefined {
  if (request.headers["transfer-encoding"] !== undefined) return undefined;
  const length = request.headers["content-length"];
  return length === undefined ? 0 : Number(length);
}

/**
 * Reads the body, never past `limitBytes`: a declared length over it is
 * refused before a byte is read, a chunked body is cut off at the limit.
 */
export async function readBody(
  request: IncomingMessage,
  limitBytes: number = maxBodyBytes,
): Promise<Buffer> {
  if ((declaredBodyLength(request) ?? 0) > limitBytes) throw new BodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    throw new RequestAbortedError("request ended before its body was in", { cause: error });
  }
  // A stream that ended short of its declared length is not a body either.
  if (!request.complete) throw new RequestAbortedError("request ended before its body was in");
  return Buffer.concat(chunks);
}

/**
 * The event without its body: what is known once the headers are in (the
 * admission check sees this), completed by `withBody` once the body is read.
 */
export function toApiGatewayEvent(request: IncomingMessage, now: number): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === "cookie") continue;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const cookies = request.headers.cookie
    ?.split(";")
    .map((c) => c.trim())
    .filter(Boolean);
  const method = request.method ?? "GET";
  // As API Gateway with mutual TLS passes it: only from a handshake that verified it.
  const clientCert = verifiedPeerCertificate(request.socket);
  return {
    version: "2.0",
    routeKey: `${method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies && cookies.length > 0 && { cookies }),
    headers,
    ...(url.search && { queryStringParameters: Object.fromEntries(url.searchParams) }),
    requestContext: {
      accountId: "local",
      apiId: "local",
      ...(clientCert && { authentication: { clientCert } }),
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: `local-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      routeKey: `${method} ${url.pathname}`,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

/** The event with its body, base64-encoded as API Gateway passes non-text content. */
export function withBody(event: APIGatewayProxyEventV2, body: Buffer): APIGatewayProxyEventV2 {
  return { ...event, body: body.toString("base64"), isBase64Encoded: true };
}

/** Writes the result with canonically spelled header names, as API Gateway passes them on. */
export function writeResult(
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[canonicalHeaderName(name)] = String(value);
  }
  if (result.cookies && result.cookies.length > 0) headers["Set-Cookie"] = result.cookies;
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8")
    : Buffer.alloc(0);
  if (result.statusCode !== 204 && result.statusCode !== 304)
    headers["Content-Length"] = String(body.length);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.statusCode === 204 ? undefined : body);
}
