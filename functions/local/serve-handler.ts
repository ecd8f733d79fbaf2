import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Logger } from "../ports.ts";
import { answerBeforeBody } from "./answer-before-body.ts";
import {
  BodyTooLargeError,
  declaredBodyLength,
  maxBodyBytes,
  RequestAbortedError,
  readBody,
  toApiGatewayEvent,
  withBody,
  writeResult,
} from "./api-gateway-bridge.ts";
import { createLoadShedder, type LoadShedder, type ShedOptions } from "./load-shedder.ts";

export interface ServedHandler {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

type Result = APIGatewayProxyStructuredResultV2;

/**
 * Decides from the headers alone whether a request may send its body: a
 * refusal (e.g. 401 with a digest challenge) is answered without reading the
 * body; an admission goes on, and what it learned (who the client is) reaches
 * the handler, so the check is not made twice. It sees the event without a body.
 */
export type AdmitHook<A> = (
  head: APIGatewayProxyEventV2,
) => Promise<{ readonly refuse: Result } | { readonly admitted: A }>;

/**
 * How long a client may take to send a request. node:http answers 408 and
 * closes the connection when either runs out (its defaults, 60 s and 300 s
 * checked every 30 s, let a stalled client hold a connection for minutes).
 */
export interface RequestTimeouts {
  /** From the request's first byte (or the connection's opening) to the end of its headers. */
  readonly headersMs: number;
  /** From the request's first byte to the end of its body; at least `headersMs`. */
  readonly requestMs: number;
}

export const defaultRequestTimeouts: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export interface ServeHandlerOptions<A = never> {
  readonly host: string;
  readonly port: number;
  /** `admitted`: what `admit` passed on; undefined without an admission hook. */
  readonly handler: (event: APIGatewayProxyEventV2, admitted?: A) => Promise<Result>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How long stopping waits for requests under way. @default 5000 */
  readonly drainMs?: number;
  /** @default defaultRequestTimeouts */
  readonly timeouts?: RequestTimeouts;
  /** Bodies over this are answered 413 (API Gateway's bound). @default 10 MiB */
  readonly maxBodyBytes?: number;
  /** Called once the headers are in, before the body is read. @default admit all */
  readonly admit?: AdmitHook<A>;
  /**
   * Load shedding (load-shedder.ts): beyond its bounds, requests that `sheddable` accepts get
   * 503 + Retry-After instead of queueing. Checked from the headers, before the admission
   * check, so shedding costs no store read; a request takes its slot only once admitted with
   * its body in, so stalled or refused connections never hold one.
   */
  readonly shed?: ShedOptions;
  /**
   * Serve HTTPS. With `clientCa`, mutual TLS in verify mode: the handshake fails without a
   * client certificate issued by it, and the verified one reaches the event
   * (api-gateway-bridge.ts). @default plain HTTP
   */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa?: Buffer };
}

// The connection is closed rather than the body discarded, however small (RFC 9110 section 15.5.14).
const tooLarge: Result = {
  statusCode: 413,
  headers: { "content-type": "text/plain", connection: "close" },
  body: "request body too large",
};

/** Serves a Lambda-style handler on node:http (the local stand-in for API Gateway). */
export async function serveHandler<A = never>(
  options: ServeHandlerOptions<A>,
): Promise<ServedHandler> {
  const timeouts = options.timeouts ?? defaultRequestTimeouts;
  // Handler runs under way: stopping waits for them, so none meets a closed store.
  const running = new Set<Promise<void>>();
  const steps = {
    ...options,
    limitBytes: options.maxBodyBytes ?? maxBodyBytes,
    now: options.now ?? Date.now,
    shedder: createLoadShedder(options.shed),
  };
  const track = (request: IncomingMessage, response: ServerResponse, expectsContinue: boolean) => {
    const run = serve(steps, request, response, expectsContinue);
    running.add(run);
    void run.finally(() => running.delete(run));
  };
  // node:http's own timers do the whole job, so there is no body timer here: the
  // request timeout runs from a request's first byte until its body is in (also
  // while the admission check runs), answers 408 and closes the connection; once
  // the body is in, the request is no longer timed, so a handler may take as long
  // as it needs (the API's `wait`). A connection that sends nothing at all meets
  // the headers timeout.
  const httpOptions: ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // node:http looks for expired requests this often (30 s by default, which is
    // what stretches a 60 s headers timeout to about 77 s).
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, timeouts.headersMs / 4)),
  };
  const onRequest = (request: IncomingMessage, response: ServerResponse) =>
    track(request, response, false);
  const tls = options.tls;
  const server: Server = tls
    ? createTlsServer(
        {
          ...httpOptions,
          cert: tls.cert,
          key: tls.key,
          ...(tls.clientCa && { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }),
        },
        onRequest,
      )
    : createServer(httpOptions, onRequest);
  // Without this listener node:http would send 100 Continue before the admission check.
  server.on("checkContinue", (request, response) => track(request, response, true));
  // CPEs keep the connection open for a whole session; keep-alive must outlast their pauses.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? "https" : "http"}://${host}:${address.port}/`,
    server,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([
        Promise.allSettled([...running]),
        delay(options.drainMs ?? 5_000, undefined, { ref: false }),
      ]);
      server.closeAllConnections();
      await closed;
    },
  };
}

type Steps<A> = ServeHandlerOptions<A> & {
  readonly limitBytes: number;
  readonly now: () => number;
  readonly shedder: LoadShedder;
};

/** A fresh one each time: the random Retry-After spreads the CPEs' returns. */
const busy = (): Result => ({
  statusCode: 503,
  headers: {
    "content-type": "text/plain",
    "retry-after": String(1 + Math.floor(Math.random() * 5)),
  },
  body: "busy: retry later",
});

/**
 * One request: the headers are checked (size, admission) before a byte of the
 * body is read; the body is read within the request timeout; only then does the
 * request count against the shedding limit and reach the handler.
 */
async function serve<A>(
  steps: Steps<A>,
  request: IncomingMessage,
  response: ServerResponse,
  expectsContinue: boolean,
): Promise<void> {
  try {
    const head = toApiGatewayEvent(request, steps.now());
    if ((declaredBodyLength(request) ?? 0) > steps.limitBytes) {
      answerBeforeBody(request, response, tooLarge);
      return;
    }
    if (steps.shedder.shouldShed(request)) {
      answerBeforeBody(request, response, busy());
      return;
    }
    const verdict = await steps.admit?.(head);
    if (verdict && "refuse" in verdict) {
      answerBeforeBody(request, response, verdict.refuse);
      return;
    }
    if (expectsContinue) response.writeContinue();
    const body = await readBody(request, steps.limitBytes);
    // Checked again: the bounds may have been reached while the admission check ran.
    if (!steps.shedder.takeSlot(request, response)) {
      writeResult(response, busy());
      return;
    }
    const result = await steps.handler(withBody(head, body), verdict?.admitted);
    steps.shedder.answered(request, result.statusCode ?? 200);
    writeResult(response, result);
  } catch (error) {
    answerFailure(steps.logger, request, response, error);
  }
}

function answerFailure(
  logger: Logger,
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
): void {
  if (error instanceof RequestAbortedError) {
    // The client left, or node:http already answered 408 and closed the connection.
    logger.info("request abandoned before its body was in", { path: request.url });
    return;
  }
  if (error instanceof BodyTooLargeError) {
    answerBeforeBody(request, response, tooLarge);
    return;
  }
  logger.error("local handler failed", { error: String(error) });
  if (response.headersSent || response.destroyed) {
    response.destroy();
    return;
  }
  answerBeforeBody(request, response, {
    statusCode: 500,
    headers: { "content-type": "text/plain" },
    body: "internal error",
  });
}
