import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  type AcsMessage,
  type CpeMessage,
  type CpeMessageOf,
  type CwmpNamespace,
  createCwmpCodec,
} from "../../functions/core/cwmp/index.ts";
import { createDigestVerifier } from "../../functions/core/http-digest/index.ts";

/** One HTTP POST the fake ACS received. */
export interface RecordedPost {
  readonly session: number;
  /** null: an empty POST. */
  readonly message: CpeMessage | null;
  readonly cookie: string | undefined;
  readonly authorized: boolean;
  /** Client port of the TCP connection: equal ports mean a reused (keep-alive) connection. */
  readonly remotePort: number;
  /** The body as sent (after content decoding), for checks on the XML itself. */
  readonly body: string;
  /** The body did not decode (a malformed message); `message` is then null. */
  readonly undecodable: boolean;
  /** performance.now() when the POST arrived. */
  readonly receivedAtMs: number;
}

/** A reply other than the scripted CWMP flow (to inject 503, 401, raw XML). */
export type Override =
  | { readonly kind: "status"; readonly status: number; readonly headers?: Record<string, string> }
  | { readonly kind: "raw"; readonly body: string }
  /** Answer with the scripted flow only once `until` settles (holds the session open). */
  | { readonly kind: "wait"; readonly until: Promise<void> };

export interface FakeAcsOptions {
  /** Require Digest auth (RFC 7616, MD5) with these credentials. */
  readonly digestUsers?: Readonly<Record<string, string>>;
  /** Consulted before the scripted flow for each POST; undefined = scripted flow. */
  readonly override?: (post: RecordedPost, index: number) => Override | undefined;
}

export interface FakeAcs {
  readonly url: string;
  readonly posts: readonly RecordedPost[];
  /** Informs received, in order. */
  informs(): CpeMessageOf<"Inform">[];
  /** RPCs sent after the CPE's empty POST, one per exchange, for the next sessions. */
  enqueue(...rpcs: AcsMessage[]): void;
  /** Resolves once `predicate` holds (checked after every POST); rejects after 10 s. */
  waitFor(predicate: (acs: FakeAcs) => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A minimal ACS for tests (TR-069 3.7): InformResponse with a session
 * cookie, TransferCompleteResponse, then queued RPCs, then 204.
 */
export async function startFakeAcs(options: FakeAcsOptions = {}): Promise<FakeAcs> {
  const codec = createCwmpCodec();
  const posts: RecordedPost[] = [];
  const queue: AcsMessage[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  let sessions = 0;
  const verifier =
    options.digestUsers === undefined
      ? undefined
      : createDigestVerifier({
          realm: "fake-acs",
          users: (username) => options.digestUsers?.[username],
          newNonce: () => randomBytes(8).toString("hex"),
          now: () => Date.now(),
        });

  const handle = (request: IncomingMessage, response: ServerResponse, body: Buffer): void => {
    const receivedAtMs = performance.now();
    const text = codec.bodyText(body, request.headers["content-encoding"]);
    const envelope = text.trim() === "" ? undefined : tryDecode(text);
    const message = envelope?.body ?? null;
    if (message?.method === "Inform") sessions += 1;
    const verdict = verifier?.verify({
      authorization: request.headers.authorization,
      method: request.method ?? "",
      uri: request.url ?? "",
    });
    const authorized = verdict === undefined || verdict.kind === "accepted";
    const post: RecordedPost = {
      session: sessions,
      message,
      cookie: request.headers.cookie,
      authorized,
      remotePort: request.socket.remotePort ?? 0,
      body: text,
      undecodable: text.trim() !== "" && envelope === undefined,
      receivedAtMs,
    };
    posts.push(post);
    for (const wake of [...waiters]) wake();
    if (verifier !== undefined && !authorized) {
      const stale = verdict?.kind === "rejected" && verdict.stale;
      response.writeHead(401, { "www-authenticate": verifier.challengeHeader({ stale }) }).end();
      return;
    }
    const override = options.override?.(post, posts.length - 1);
    if (override?.kind === "wait") {
      void override.until.then(() =>
        reply(response, message, envelope?.header.id, envelope?.cwmpNamespace),
      );
      return;
    }
    if (override?.kind === "status")
      return void response.writeHead(override.status, override.headers).end();
    if (override?.kind === "raw")
      return void response.writeHead(200, { "content-type": "text/xml" }).end(override.body);
    reply(response, message, envelope?.header.id, envelope?.cwmpNamespace);
  };

  const reply = (
    response: ServerResponse,
    message: CpeMessage | null,
    cpeId: string | undefined,
    cwmpNamespace: CwmpNamespace = "urn:dslforum-org:cwmp-1-0",
  ): void => {
    const answer = scripted(message);
    if (answer === undefined) return void response.writeHead(204).end();
    const headers: Record<string, string> = { "content-type": 'text/xml; charset="utf-8"' };
    if (answer.method === "InformResponse") {
      headers["set-cookie"] = `acs-session=s${sessions}; Path=/; HttpOnly`;
    }
    const id = cpeId ?? `acs-${posts.length}`;
    const xml = codec.encodeAcsMessage({ cwmpNamespace, header: { id }, body: answer });
    response.writeHead(200, headers).end(xml);
  };

  const tryDecode = (text: string) => {
    try {
      return codec.decodeCpeMessage(text);
    } catch {
      return undefined; // recorded as undecodable; the flow goes on as after an answer
    }
  };

  const scripted = (message: CpeMessage | null): AcsMessage | undefined => {
    if (message?.method === "Inform") return { method: "InformResponse", maxEnvelopes: 1 };
    if (message?.method === "TransferComplete") return { method: "TransferCompleteResponse" };
    return queue.shift();
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handle(request, response, Buffer.concat(chunks)));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const acs: FakeAcs = {
    url: `http://127.0.0.1:${port}/acs`,
    posts,
    informs: () =>
      posts.flatMap((post) => (post.message?.method === "Inform" ? [post.message] : [])),
    enqueue: (...rpcs) => void queue.push(...rpcs),
    waitFor: (predicate, what) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(acs)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake ACS: gave up waiting for ${what}`));
        }, 10_000);
        const check = (): void => {
          // The check runs before the reply is written; let the exchange finish first.
          setImmediate(() => {
            if (!predicate(acs)) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          });
        };
        waiters.add(check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return acs;
}

/** The event codes of an Inform. */
export function eventCodes(inform: CpeMessageOf<"Inform">): string[] {
  return inform.event.map((event) => event.eventCode);
}
