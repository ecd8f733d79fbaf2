import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { Agent as TlsAgent, request as tlsRequest } from "node:https";
import { AcsUnreachableError } from "./errors.ts";

export interface HttpPostOptions {
  readonly url: URL;
  /** Keep-alive agent of the session: all its requests share one TCP connection. */
  readonly agent: Agent;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
  /** Bigger responses fail the session. @default 8 MiB */
  readonly maxResponseBytes?: number;
}

export interface HttpPostResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One CWMP HTTP POST (TR-069 3.4); network failures become AcsUnreachableError. */
export function httpPost(options: HttpPostOptions): Promise<HttpPostResponse> {
  const limit = options.maxResponseBytes ?? 8 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown): void =>
      reject(new AcsUnreachableError(`POST ${options.url.href} failed`, { cause: error }));
    const send = options.url.protocol === "https:" ? tlsRequest : request;
    const outgoing = send(
      options.url,
      {
        method: "POST",
        agent: options.agent,
        signal: options.signal,
        headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) response.destroy(new Error(`response over ${limit} bytes`));
          else chunks.push(chunk);
        });
        response.on("error", fail);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on("error", fail);
    outgoing.end(options.body);
  });
}

/**
 * What the CPE presents and trusts over HTTPS: its client certificate and key (mutual TLS,
 * TR-069 section 3.4.4 "certificate-based client authentication") and the CA its ACS's
 * certificate chains to (the system's trust store without one).
 */
export interface CpeTlsOptions {
  /** Client certificate chain, PEM. */
  readonly cert?: Buffer | string;
  /** Its private key, PEM. */
  readonly key?: Buffer | string;
  /** CA certificates to trust for the ACS's certificate, PEM. */
  readonly ca?: Buffer | string;
}

/** An agent for one session: one keep-alive connection (TR-069 3.4.1), TLS for https URLs. */
export function createSessionAgent(url: URL, tls: CpeTlsOptions = {}): Agent {
  if (url.protocol !== "https:") return new Agent({ keepAlive: true, maxSockets: 1 });
  return new TlsAgent({
    keepAlive: true,
    maxSockets: 1,
    ...(tls.cert !== undefined && { cert: tls.cert }),
    ...(tls.key !== undefined && { key: tls.key }),
    ...(tls.ca !== undefined && { ca: tls.ca }),
  });
}
