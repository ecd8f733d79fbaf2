import type { ClientCertificate } from "../core/auth/client-certificate.ts";

/**
 * The CWMP endpoint's HTTP exchange, independent of API Gateway or
 * node:http: handlers translate their events to and from these.
 */
export interface CwmpHttpHead {
  readonly method: string;
  /** The request path ("/", "/cwmp"): the digest `uri` must name it. */
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Request cookies by name. */
  readonly cookies: Readonly<Record<string, string>>;
  readonly sourceIp?: string;
  /** Set only by an adapter whose TLS terminator verified it (mutual TLS). */
  readonly clientCertificate?: ClientCertificate;
}

export interface CwmpHttpRequest extends CwmpHttpHead {
  readonly body: Uint8Array;
}

export interface CwmpHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Set-Cookie values. */
  readonly cookies?: readonly string[];
  readonly body: string;
}

export const xmlHeaders = { "content-type": 'text/xml; charset="utf-8"' } as const;

export function textResponse(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): CwmpHttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body };
}

/** TR-069 3.7.2.4: the ACS ends the session with an empty 204. */
export const endOfSession: CwmpHttpResponse = { status: 204, headers: {}, body: "" };
