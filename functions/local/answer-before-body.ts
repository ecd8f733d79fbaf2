import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { declaredBodyLength, writeResult } from "./api-gateway-bridge.ts";

/**
 * Up to this many declared body bytes are left for node:http to discard after
 * an early answer, so the connection stays usable: a CPE answered 401 retries
 * on the same connection with its credentials (RFC 7235 section 3.1), and an
 * Inform is a few kilobytes.
 */
export const drainableBodyBytes = 64 * 1024;

/**
 * Answers a request whose body has not been read (refused by the admission
 * check, or declared too large). The body is never buffered or decoded. A
 * small declared body is discarded by node:http once the answer is out, so the
 * keep-alive connection carries the next request cleanly; a larger or chunked
 * one gets `Connection: close`, and node:http closes the connection once the
 * answer is flushed, rather than leaving a half-read request on it
 * (RFC 9112 section 9.6). Either way the request timeout bounds a client that
 * stalls.
 */
export function answerBeforeBody(
  request: IncomingMessage,
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
): void {
  const declared = declaredBodyLength(request);
  const drainable = declared !== undefined && declared <= drainableBodyBytes;
  writeResult(
    response,
    drainable ? result : { ...result, headers: { ...result.headers, connection: "close" } },
  );
}
