import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { canonicalHeaderName } from "../handlers/canonical-header-name.ts";

/**
 * node:http <-> API Gateway HTTP API payload 2.0, so the local ACS runs the
 * exact handlers that run in Lambda. Bodies are bounded like API Gateway's
 * (10 MB) and always passed base64-encoded, as API Gateway does for
 * non-text content types.
 */
export const maxBodyBytes = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new BodyTooLargeError(`body over ${maxBodyBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  now: number,
): APIGatewayProxyEventV2 {
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
    body: body.toString("base64"),
    isBase64Encoded: true,
  };
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
