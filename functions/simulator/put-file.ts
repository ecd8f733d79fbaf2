import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { createAcsAuthenticator } from "./acs-authenticator.ts";
import { CpeFaultError } from "./errors.ts";
import { answerFileServerChallenge, errorMessage, redactedUrl } from "./transfer-http.ts";

/** Bounds of a real upload. */
export interface UploadLimits {
  /** The whole transfer, authentication rounds included. @default 60000 */
  readonly timeoutMs?: number;
}

export interface PutFileOptions extends UploadLimits {
  readonly url: string;
  readonly body: Buffer;
  /** The Upload's Username/Password, answered to a Basic or Digest challenge (TR-069 3.4.5). */
  readonly username: string;
  readonly password: string;
  /** Power off aborts the transfer. */
  readonly signal: AbortSignal;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
}

/**
 * PUT a file the way a CPE does for an Upload (TR-069 A.4.1.5): HTTP or HTTPS, the whole body
 * with Content-Length (a presigned S3 PUT refuses chunked bodies), HTTP authentication with the
 * Upload's credentials. Redirects are not followed. Failures are CpeFaultErrors carrying the
 * TransferComplete fault (TR-069 A.5.1, the codes associated with Upload): 9013 a scheme other
 * than http/https; 9012 credentials refused, or 403 (an expired or wrong presigned signature or
 * upload token is the server refusing our authorization); 9011 Upload failure for everything
 * else: no server, timeout, a broken connection, any other non-2xx answer.
 */
export async function putFile(options: PutFileOptions): Promise<void> {
  const url = new URL(options.url);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CpeFaultError(9013, url.protocol);
  const signal = AbortSignal.any([
    options.signal,
    AbortSignal.timeout(options.timeoutMs ?? 60_000),
  ]);
  const auth = createAcsAuthenticator({ username: options.username, password: options.password });
  const uri = `${url.pathname}${url.search}`;
  // A first try, a challenge answered, and a stale nonce answered once more.
  for (let round = 0; round < 3; round += 1) {
    const answer = await put(url, options.body, auth.authorization("PUT", uri), signal);
    if (answer.status === 401) {
      answerFileServerChallenge(auth, answer.headers, url);
      continue;
    }
    if (answer.status === 403) throw new CpeFaultError(9012, `HTTP 403 from ${redactedUrl(url)}`);
    if (answer.status < 200 || answer.status >= 300)
      throw new CpeFaultError(9011, `HTTP ${answer.status} from ${redactedUrl(url)}`);
    return;
  }
  throw new CpeFaultError(9012, `${redactedUrl(url)}: the server kept challenging`);
}

function put(
  url: URL,
  body: Buffer,
  authorization: string | undefined,
  signal: AbortSignal,
): Promise<Answer> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered = false;
    const fail = (error: unknown): void =>
      reject(
        new CpeFaultError(9011, `${redactedUrl(url)}: ${errorMessage(error)}`, [], {
          cause: error,
        }),
      );
    const outgoing = send(
      url,
      {
        method: "PUT",
        signal,
        headers: {
          "content-type": "application/octet-stream",
          "content-length": String(body.length),
          ...(authorization !== undefined && { authorization }),
        },
      },
      (response) => {
        answered = true;
        // The answer's body says nothing the status does not; read it to free the connection.
        response.resume();
        response.on("error", fail);
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers }),
        );
      },
    );
    outgoing.on("error", (error) => {
      // A server may answer (401, 403, 413) and close before reading the whole body.
      if (!answered) fail(error);
    });
    outgoing.end(body);
  });
}
