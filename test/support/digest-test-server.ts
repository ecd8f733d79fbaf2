import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { DigestAlgorithm } from "../../functions/core/http-digest/index.ts";
import { createDigestVerifier } from "../../functions/core/http-digest/index.ts";

/** What a CPE's connection-request listener saw (TR-069 3.2.2 checks: GET, no body). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  /** Header names exactly as spelled on the wire (from `rawHeaders`). */
  readonly headerNames: readonly string[];
  readonly bodyBytes: number;
  /** Client port of the TCP connection: equal ports mean a reused connection. */
  readonly remotePort: number;
}

export type TestReply =
  | { readonly kind: "status"; readonly status: number; readonly headers?: Record<string, string> }
  /** Accept the request and never answer (a stuck CPE). */
  | { readonly kind: "hang" };

export interface DigestTestServerOptions {
  readonly users: Readonly<Record<string, string>>;
  /** @default "cpe-cr" */
  readonly realm?: string;
  /** @default "MD5" */
  readonly algorithm?: DigestAlgorithm;
  /** @default "auth" */
  readonly qop?: "auth" | "none";
  /** @default "/cr" */
  readonly path?: string;
  /** `" "` imitates CPEs whose challenge has no commas. @default ", " */
  readonly challengeSeparator?: ", " | " ";
  /** Send `Connection: close` with the 401 and close the socket, as some CPEs do. */
  readonly closeOn401?: boolean;
  /** Consulted first for every request; undefined falls through to digest handling. */
  readonly intercept?: (request: RecordedRequest) => TestReply | undefined;
  /** Called for each authenticated connection request. */
  readonly onConnectionRequest?: (username: string) => void;
}

export interface DigestTestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** A CPE-like connection-request listener on 127.0.0.1, built on our Digest verifier. */
export async function startDigestTestServer(
  options: DigestTestServerOptions,
): Promise<DigestTestServer> {
  const path = options.path ?? "/cr";
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const verifier = createDigestVerifier({
    realm: options.realm ?? "cpe-cr",
    algorithm: options.algorithm ?? "MD5",
    qop: options.qop ?? "auth",
    users: (username) => options.users[username],
    newNonce: () => randomBytes(16).toString("base64url"),
    now: () => Date.now(),
  });

  const handle = (request: IncomingMessage, response: ServerResponse, bodyBytes: number): void => {
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      url: request.url ?? "",
      authorization: request.headers.authorization,
      headerNames: request.rawHeaders.filter((_value, index) => index % 2 === 0),
      bodyBytes,
      remotePort: request.socket.remotePort ?? 0,
    };
    requests.push(recorded);
    const reply = options.intercept?.(recorded);
    if (reply?.kind === "hang") return;
    if (reply !== undefined) return void response.writeHead(reply.status, reply.headers).end();
    if (recorded.url !== path) return void response.writeHead(404).end();
    const verdict = verifier.verify({
      authorization: recorded.authorization,
      method: recorded.method,
      uri: recorded.url,
    });
    if (verdict.kind === "accepted") {
      options.onConnectionRequest?.(verdict.username);
      return void response.writeHead(204).end();
    }
    const challenge = verifier.challengeHeader({
      stale: verdict.stale,
      separator: options.challengeSeparator ?? ", ",
    });
    const headers: Record<string, string> = { "www-authenticate": challenge };
    if (options.closeOn401 === true) headers.connection = "close";
    response.writeHead(401, headers).end();
  };

  const server = createServer((request, response) => {
    let bodyBytes = 0;
    request.on("data", (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    request.on("end", () => handle(request, response, bodyBytes));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
