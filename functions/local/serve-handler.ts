import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Logger } from "../ports.ts";
import {
  BodyTooLargeError,
  readBody,
  toApiGatewayEvent,
  writeResult,
} from "./api-gateway-bridge.ts";

export interface ServedHandler {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serves a Lambda-style handler on node:http (the local stand-in for API Gateway). */
export async function serveHandler(options: {
  readonly host: string;
  readonly port: number;
  readonly handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  readonly logger: Logger;
  readonly now?: () => number;
  /**
   * Load shedding: with this many requests in flight, requests that
   * `sheddable` accepts get 503 + Retry-After instead of queueing (TR-069
   * 3.7.1.4: CPEs come back). For CWMP, only session openings are shed, so
   * sessions under way finish.
   */
  /** How long stopping waits for requests under way. @default 5000 */
  readonly drainMs?: number;
  readonly shed?: {
    readonly maxInFlight: number;
    readonly sheddable: (request: IncomingMessage) => boolean;
  };
}): Promise<ServedHandler> {
  const now = options.now ?? Date.now;
  const drainMs = options.drainMs ?? 5_000;
  let inFlight = 0;
  // Handler runs under way: stopping waits for them, so none meets a closed store.
  const running = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const run = serve(request, response);
    running.add(run);
    void run.finally(() => running.delete(run));
  });
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const shed = options.shed;
    if (shed && inFlight >= shed.maxInFlight && shed.sheddable(request)) {
      request.resume();
      response.writeHead(503, {
        "Content-Type": "text/plain",
        "Retry-After": String(1 + Math.floor(Math.random() * 5)),
      });
      response.end("busy: retry later");
      return;
    }
    inFlight += 1;
    response.once("close", () => {
      inFlight -= 1;
    });
    try {
      const body = await readBody(request);
      writeResult(response, await options.handler(toApiGatewayEvent(request, body, now())));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      if (!tooLarge) options.logger.error("local handler failed", { error: String(error) });
      if (!response.headersSent) {
        response.writeHead(tooLarge ? 413 : 500, { "Content-Type": "text/plain" });
      }
      response.end(tooLarge ? "request body too large" : "internal error");
    }
  }
  // CPEs keep the connection open for a whole session; keep-alive must outlast their pauses.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    server,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([
        Promise.allSettled([...running]),
        delay(drainMs, undefined, { ref: false }),
      ]);
      server.closeAllConnections();
      await closed;
    },
  };
}
