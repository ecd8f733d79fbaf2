import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  createDigestVerifier,
  type DigestAlgorithm,
  type DigestVerifier,
} from "../core/http-digest/index.ts";

/** What the listener needs of a device. */
export interface CrTarget {
  /** ManagementServer.ConnectionRequestUsername/Password, read per request (the ACS may set them). */
  credentials(): { readonly username: string; readonly password: string };
  connectionRequest(): "accepted" | "busy";
  /**
   * Read the Digest answer only from a header spelled exactly `Authorization` (a misbehaving
   * agent matching bytes, as easycwmp does); HTTP header names are case-insensitive
   * (RFC 9110 section 5.1), so other spellings are a correct client's right. @default false
   */
  readonly canonicalHeaderNamesOnly?: boolean;
}

export interface CrListenerOptions {
  /** Loopback only. @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default "SimCPE" */
  readonly realm?: string;
  /** @default "MD5" (what ACSs and CPEs implement) */
  readonly algorithm?: DigestAlgorithm;
}

export interface CrListener {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The ConnectionRequestURL of a device: http://host:port/cr/<serial>. */
  urlFor(serialNumber: string): string;
  register(serialNumber: string, target: CrTarget): void;
  unregister(serialNumber: string): void;
}

interface Registration {
  readonly target: CrTarget;
  readonly verifier: DigestVerifier;
}

/**
 * One HTTP server for the connection requests of many simulated devices
 * (TR-069 3.2.2), routed by path so a fleet of 1,000 needs one port. Each
 * device has its own Digest verifier over its own CR credentials; a valid
 * request answers 200 and starts a session, or 503 when one is running.
 */
export function createCrListener(options: CrListenerOptions = {}): CrListener {
  const host = options.host ?? "127.0.0.1";
  const devices = new Map<string, Registration>();
  const sockets = new Set<Socket>();
  let port = 0;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? "";
    const match = /^\/cr\/([^/?#]+)$/.exec(url);
    const registration = match?.[1] === undefined ? undefined : devices.get(decode(match[1]));
    if (registration === undefined) return void response.writeHead(404).end();
    if (request.method !== "GET") return void response.writeHead(405, { allow: "GET" }).end();
    const verdict = registration.verifier.verify({
      authorization:
        registration.target.canonicalHeaderNamesOnly === true
          ? canonicalAuthorization(request.rawHeaders)
          : request.headers.authorization,
      method: "GET",
      uri: url,
    });
    if (verdict.kind === "rejected") {
      const challenge = registration.verifier.challengeHeader({ stale: verdict.stale });
      return void response.writeHead(401, { "www-authenticate": challenge }).end();
    }
    const answer = registration.target.connectionRequest();
    response.writeHead(answer === "accepted" ? 200 : 503, { "content-length": "0" }).end();
  };

  const server = createServer((request, response) => {
    // TR-069 3.2.2: a CR has no body; drain whatever came before answering.
    request.resume();
    request.on("end", () => handle(request, response));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => {
          port = (server.address() as AddressInfo).port;
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
    urlFor: (serialNumber) => `http://${host}:${port}/cr/${encodeURIComponent(serialNumber)}`,
    register: (serialNumber, target) => {
      const verifier = createDigestVerifier({
        realm: options.realm ?? "SimCPE",
        algorithm: options.algorithm ?? "MD5",
        users: (username) => {
          const credentials = target.credentials();
          return username === credentials.username ? credentials.password : undefined;
        },
        newNonce: () => randomBytes(16).toString("base64url"),
        now: () => Date.now(),
        maxNonces: 16,
      });
      devices.set(serialNumber, { target, verifier });
    },
    unregister: (serialNumber) => void devices.delete(serialNumber),
  };
}

/** The value of a header named exactly `Authorization`, byte for byte. */
function canonicalAuthorization(rawHeaders: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i] === "Authorization") return rawHeaders[i + 1];
  }
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}
