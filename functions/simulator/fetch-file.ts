import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { createAcsAuthenticator } from "./acs-authenticator.ts";
import { CpeFaultError } from "./errors.ts";
import { answerFileServerChallenge, errorMessage, redactedUrl } from "./transfer-http.ts";

/** Bounds of a real file download; a CPE has finite flash and patience. */
export interface FetchLimits {
  /** The whole transfer, redirects included. @default 60000 */
  readonly timeoutMs?: number;
  /** A bigger file fails with 9017. @default 64 MiB */
  readonly maxBytes?: number;
  /** @default 3 */
  readonly maxRedirects?: number;
}

export interface FetchFileOptions extends FetchLimits {
  readonly url: string;
  /** The Download's Username/Password, answered to a Basic or Digest challenge (TR-069 3.4.5). */
  readonly username: string;
  readonly password: string;
  /** Power off aborts the transfer. */
  readonly signal: AbortSignal;
}

export interface FetchedFile {
  readonly body: Buffer;
  readonly headers: IncomingHttpHeaders;
}

interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * GET a file the way a CPE does for a Download (TR-069 A.3.2.8): HTTP or HTTPS, a few
 * redirects, HTTP authentication with the Download's credentials. Failures are CpeFaultErrors
 * carrying the TransferComplete fault (TR-069 A.5.1): 9015 server unreachable, 9016 the server
 * refused the file (4xx/5xx), 9012 credentials refused, 9017 timeout, broken or oversized body.
 */
export async function fetchFile(options: FetchFileOptions): Promise<FetchedFile> {
  const maxRedirects = options.maxRedirects ?? 3;
  const signal = AbortSignal.any([
    options.signal,
    AbortSignal.timeout(options.timeoutMs ?? 60_000),
  ]);
  const auth = createAcsAuthenticator({ username: options.username, password: options.password });
  let url = new URL(options.url);
  let redirects = 0;
  // Each round is a redirect or an authentication challenge; a stale nonce may repeat once.
  for (let round = 0; round <= maxRedirects + 3; round += 1) {
    const uri = `${url.pathname}${url.search}`;
    const authorization = auth.authorization("GET", uri);
    const response = await get(url, authorization, signal, options.maxBytes ?? 64 * 1024 * 1024);
    if (response.status === 401) {
      answerFileServerChallenge(auth, response.headers, url);
      continue;
    }
    if (response.status >= 300 && response.status < 400 && response.headers.location) {
      redirects += 1;
      if (redirects > maxRedirects) throw new CpeFaultError(9016, `over ${maxRedirects} redirects`);
      url = new URL(response.headers.location, url);
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      throw new CpeFaultError(9016, `HTTP ${response.status} from ${redactedUrl(url)}`);
    }
    auth.succeeded();
    return { body: response.body, headers: response.headers };
  }
  throw new CpeFaultError(9012, `${redactedUrl(url)}: the server kept challenging`);
}

function get(
  url: URL,
  authorization: string | undefined,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Response> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new CpeFaultError(9013, url.protocol));
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = send(
      url,
      {
        method: "GET",
        signal,
        headers: authorization === undefined ? {} : { authorization },
      },
      (response) => {
        answered = true;
        readBody(response, maxBytes).then(
          (body) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          (error: unknown) =>
            reject(
              new CpeFaultError(9017, `${redactedUrl(url)}: ${errorMessage(error)}`, [], {
                cause: error,
              }),
            ),
        );
      },
    );
    outgoing.on("error", (error) => {
      if (answered) return; // the body's own failure is reported above
      const code = signal.aborted ? 9017 : 9015;
      reject(
        new CpeFaultError(code, `${redactedUrl(url)}: ${errorMessage(error)}`, [], {
          cause: error,
        }),
      );
    });
    outgoing.end();
  });
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) response.destroy(new Error(`file over ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    response.on("error", reject);
    response.on("aborted", () => reject(new Error("connection closed mid-body")));
    response.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
