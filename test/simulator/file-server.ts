import { randomBytes } from "node:crypto";
import { createServer, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createDigestVerifier } from "../../functions/core/http-digest/index.ts";

/** One file the test server hands out at `path`. */
export interface ServedFile {
  readonly body: Buffer | string;
  readonly headers?: OutgoingHttpHeaders;
}

export interface FileServerOptions {
  readonly files: Readonly<Record<string, ServedFile>>;
  /** `from` path -> `to` path (302). */
  readonly redirects?: Readonly<Record<string, string>>;
  /** Require Digest (RFC 7616) with these credentials. */
  readonly digestUsers?: Readonly<Record<string, string>>;
  /** PUT paths and the status each answers once the body is read (201 stores the upload). */
  readonly uploads?: Readonly<Record<string, number>>;
}

/** A PUT the server read to its end. */
export interface ReceivedUpload {
  readonly path: string;
  readonly contentLength: string | undefined;
  readonly body: Buffer;
}

export interface FileServer {
  /** The URL of a path on this server, e.g. url("/fw.bin"). */
  url(path: string): string;
  /** Request paths received (with query), in order. */
  readonly requests: readonly string[];
  /** PUTs to an `uploads` path, in order (the authenticated ones, when Digest is required). */
  readonly received: readonly ReceivedUpload[];
  close(): Promise<void>;
}

/**
 * A tiny loopback HTTP file server: 404 for unknown paths, 302 redirects, optional Digest, PUTs
 * read and answered where `uploads` says.
 */
export async function startFileServer(options: FileServerOptions): Promise<FileServer> {
  const requests: string[] = [];
  const received: ReceivedUpload[] = [];
  const verifier =
    options.digestUsers === undefined
      ? undefined
      : createDigestVerifier({
          realm: "files",
          users: (username) => options.digestUsers?.[username],
          newNonce: () => randomBytes(8).toString("hex"),
          now: () => Date.now(),
        });
  const server = createServer((request, response) => {
    const target = request.url ?? "/";
    requests.push(target);
    const verdict = verifier?.verify({
      authorization: request.headers.authorization,
      method: request.method ?? "",
      uri: target,
    });
    if (verifier !== undefined && verdict?.kind !== "accepted") {
      const stale = verdict?.kind === "rejected" && verdict.stale;
      return void response
        .writeHead(401, { "www-authenticate": verifier.challengeHeader({ stale }) })
        .end();
    }
    const path = new URL(target, "http://files").pathname;
    const uploadStatus = options.uploads?.[path];
    if (request.method === "PUT" && uploadStatus !== undefined) {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const contentLength = request.headers["content-length"];
        received.push({ path, contentLength, body: Buffer.concat(chunks) });
        response.writeHead(uploadStatus).end();
      });
      return;
    }
    const redirect = options.redirects?.[path];
    if (redirect !== undefined) return void response.writeHead(302, { location: redirect }).end();
    const file = options.files[path];
    if (file === undefined) return void response.writeHead(404).end("not found");
    response.writeHead(200, file.headers ?? {}).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
