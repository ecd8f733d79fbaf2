import * as http from "node:http";
import * as https from "node:https";
import type { LookupFunction } from "node:net";
import type { UnreachableReason } from "./types.ts";

export interface HttpGetOnceOptions {
  readonly url: URL;
  /** The address the URL guard approved; the socket connects here and nowhere else. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly authorization: string | undefined;
  readonly connectTimeoutMs: number;
  readonly responseTimeoutMs: number;
}

export type HttpGetOnceResult =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly wwwAuthenticate: readonly string[];
      readonly retryAfter: string | undefined;
    }
  | { readonly kind: "failed"; readonly reason: UnreachableReason };

/** A CR answer has no meaningful body; reading more than this is pointless. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * One HTTP GET without body (TR-069 3.2.2) on a fresh connection: `agent: false` means no
 * pooling, so no socket is ever shared between CPEs or reused after a CPE's `Connection:
 * close`. Settles exactly once; the request (and so the socket) is destroyed on every path.
 */
export function httpGetOnce(options: HttpGetOnceOptions): Promise<HttpGetOnceResult> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const transport = options.url.protocol === "https:" ? https : http;
    const request = transport.request(options.url, {
      method: "GET",
      agent: false,
      lookup: pinnedLookup(options.address, options.family),
      // Spelled canonically: easycwmp and other embedded agents compare header names
      // case-sensitively (RFC 9110 5.1 says they should not); node:http keeps this spelling
      // and writes its own `Host` and `Connection` canonically.
      headers: options.authorization === undefined ? {} : { Authorization: options.authorization },
    });

    const finish = (result: HttpGetOnceResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const arm = (ms: number, onExpiry: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(onExpiry, ms);
    };

    arm(options.connectTimeoutMs, () => finish({ kind: "failed", reason: "connect-timeout" }));
    const onConnected = (): void =>
      arm(options.responseTimeoutMs, () => finish({ kind: "failed", reason: "response-timeout" }));
    request.on("socket", (socket) => {
      if (socket.connecting) socket.once("connect", onConnected);
      else onConnected();
    });
    request.on("error", (error) => finish({ kind: "failed", reason: classifyError(error) }));
    request.on("response", (response) => {
      const head: HttpGetOnceResult = {
        kind: "response",
        status: response.statusCode ?? 0,
        wwwAuthenticate: response.headersDistinct["www-authenticate"] ?? [],
        retryAfter: response.headers["retry-after"],
      };
      // The status decides the outcome; drain a short body so the CPE sees an orderly close.
      let received = 0;
      arm(options.responseTimeoutMs, () => finish(head));
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_BODY_BYTES) finish(head);
      });
      response.on("end", () => finish(head));
      response.on("error", () => finish(head));
      response.on("close", () => finish(head));
    });
    request.end();
  });
}

/** Answers the socket's DNS lookup with the checked address (no second resolution). */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all === true) {
      (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    } else {
      callback(null, address, family);
    }
  };
}

function classifyError(error: Error & { code?: string }): UnreachableReason {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return "connection-refused";
  if (code === "ECONNRESET" || code === "EPIPE") return "connection-reset";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "host-unreachable";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns-failure";
  if (code.startsWith("HPE_")) return "protocol-error";
  if (code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || /CERT|SELF_SIGNED/.test(code)) {
    return "tls-error";
  }
  return "network-error";
}
