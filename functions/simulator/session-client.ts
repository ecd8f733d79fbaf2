import { setTimeout as sleep } from "node:timers/promises";
import { parseRetryAfter } from "../adapters/http-cr/parse-retry-after.ts";
import {
  type AcsMessage,
  type CpeMessage,
  type CpeMessageOf,
  type CwmpCodec,
  type CwmpEnvelope,
  type CwmpNamespace,
  InvalidCwmpArgumentError,
  UnknownCwmpMethodError,
} from "../core/cwmp/index.ts";
import { createAcsAuthenticator } from "./acs-authenticator.ts";
import { createCookieJar, createEchoingCookieJar } from "./cookie-jar.ts";
import {
  AcsBusyError,
  AcsHttpStatusError,
  AcsProtocolError,
  CpeFaultError,
  InformResponseLostError,
  SessionTimeoutError,
} from "./errors.ts";
import {
  type CpeTlsOptions,
  createSessionAgent,
  type HttpPostResponse,
  httpPost,
} from "./http-post.ts";
import { misbehaveXml } from "./misbehaving-xml.ts";
import type { Misbehaviours } from "./misbehaviours.ts";
import { faultResponse } from "./rpc-handler.ts";

export interface SessionClientOptions {
  readonly acsUrl: string;
  /** Client certificate and trust for an https ACS URL. @default none, the system's CAs */
  readonly tls?: CpeTlsOptions;
  readonly codec: CwmpCodec;
  readonly cwmpNamespace: CwmpNamespace;
  /** ManagementServer.Username/Password; used only when the ACS answers 401. */
  readonly username: string;
  readonly password: string;
  readonly inform: CpeMessageOf<"Inform">;
  /** CPE requests sent after the InformResponse (TransferComplete, TR-069 3.7.1.2). */
  readonly requests: readonly CpeMessage[];
  /** Answers one ACS RPC (never throws). */
  readonly handleRpc: (message: AcsMessage) => CpeReply;
  /** cwmp:ID prefix of the CPE's own requests. */
  readonly idPrefix: string;
  readonly timeoutMs: number;
  readonly now: () => number;
  /** The InformResponse arrived: the Inform's events are delivered (TR-069 3.7.1.5). */
  readonly onInformAccepted?: () => void;
  readonly onRequestAccepted?: (request: CpeMessage) => void;
  /** Round-trip time of each HTTP exchange, for latency percentiles. */
  readonly onExchange?: (latencyMs: number) => void;
  /** Aborts the session (device switched off). */
  readonly signal?: AbortSignal;
  /** An ACS that keeps sending RPCs forever is cut off here. @default 1000 */
  readonly maxExchanges?: number;
  /** How the device gets the wire wrong (see Misbehaviours). @default none */
  readonly misbehaviours?: Pick<
    Misbehaviours,
    | "echoSetCookie"
    | "arrayTypeCount"
    | "replyDelayMs"
    | "faultDetailInFaultString"
    | "digestWithoutQop"
  >;
  /** Asked once the InformResponse arrived: true treats it as lost (the session fails). */
  readonly loseInformResponse?: () => boolean;
}

/** The device's answer to one ACS RPC. */
export type CpeReply =
  | { readonly kind: "answer"; readonly response: CpeMessage }
  /** An empty POST instead of a response (a misbehaving device). */
  | { readonly kind: "empty" }
  /** Close the connection without answering (a crash, or a Reboot done without answering). */
  | { readonly kind: "hang-up" };

export type SessionResult =
  | { readonly kind: "completed"; readonly exchanges: number; readonly cookies: readonly string[] }
  | { readonly kind: "busy"; readonly retryAfterSec: number | undefined }
  /** The device closed the connection instead of answering an RPC (CpeReply "hang-up"). */
  | { readonly kind: "hung-up"; readonly exchanges: number }
  | { readonly kind: "failed"; readonly error: Error };

type AcsReply =
  | { readonly kind: "empty" }
  | { readonly kind: "message"; readonly message: AcsMessage; readonly id: string | undefined }
  /** An RPC we could not read: answered with this fault instead of being handled. */
  | { readonly kind: "unreadable"; readonly fault: CpeMessage; readonly id: string | undefined };

/**
 * One CWMP session from the CPE side (TR-069 3.7): Inform, the CPE's own
 * requests, an empty POST, then the ACS's RPCs until it answers 204 (or
 * 200 with an empty body). Cookies the ACS sets are returned on every later
 * request of the same session (RFC 6265); nothing carries over.
 */
export async function runSession(options: SessionClientOptions): Promise<SessionResult> {
  const url = new URL(options.acsUrl);
  const agent = createSessionAgent(url, options.tls);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new SessionTimeoutError(options.timeoutMs)),
    options.timeoutMs,
  );
  const stop = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", stop, { once: true });
  const wire = options.misbehaviours ?? {};
  const jar = wire.echoSetCookie ? createEchoingCookieJar() : createCookieJar({ now: options.now });
  const auth = createAcsAuthenticator({
    username: options.username,
    password: options.password,
    withoutQop: wire.digestWithoutQop === true,
  });
  let exchanges = 0;
  let nextId = 0;

  const post = async (body: string): Promise<AcsReply> => {
    for (let attempt = 0; ; attempt += 1) {
      const started = options.now();
      const headers = requestHeaders(
        body,
        jar.header(url),
        auth.authorization("POST", url.pathname + url.search),
      );
      const response = await httpPost({ url, agent, headers, body, signal: controller.signal });
      exchanges += 1;
      options.onExchange?.(options.now() - started);
      jar.store(headerList(response.headers["set-cookie"]), url);
      if (response.status === 401 && attempt < 3) {
        auth.challenged(headerList(response.headers["www-authenticate"]));
        continue;
      }
      auth.succeeded();
      return replyOf(options.codec, response);
    }
  };

  const send = (message: CpeMessage, id: string | undefined): Promise<AcsReply> =>
    post(
      misbehaveXml(
        options.codec.encodeCpeMessage({
          cwmpNamespace: options.cwmpNamespace,
          header: id === undefined ? {} : { id },
          body: message,
        }),
        wire,
      ),
    );

  try {
    expectResponse(await send(options.inform, `${options.idPrefix}-${nextId++}`), "InformResponse");
    if (options.loseInformResponse?.() === true) throw new InformResponseLostError();
    options.onInformAccepted?.();
    for (const request of options.requests) {
      expectResponse(
        await send(request, `${options.idPrefix}-${nextId++}`),
        `${request.method}Response`,
      );
      options.onRequestAccepted?.(request);
    }
    let reply = await post("");
    const maxExchanges = options.maxExchanges ?? 1000;
    while (reply.kind !== "empty") {
      if (exchanges >= maxExchanges)
        throw new AcsProtocolError(`more than ${maxExchanges} exchanges`);
      const answer = answerTo(reply, options.handleRpc);
      // Returning closes the connection (agent.destroy below) with the RPC unanswered.
      if (answer.kind === "hang-up") return { kind: "hung-up", exchanges };
      if (wire.replyDelayMs)
        await sleep(wire.replyDelayMs, undefined, { signal: controller.signal });
      reply = answer.kind === "empty" ? await post("") : await send(answer.response, reply.id);
    }
    return { kind: "completed", exchanges, cookies: jar.names() };
  } catch (error) {
    if (error instanceof AcsBusyError) return { kind: "busy", retryAfterSec: error.retryAfterSec };
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    return { kind: "failed", error: reason instanceof Error ? reason : new Error(String(reason)) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", stop);
    agent.destroy();
  }
}

/** An empty POST carries no SOAP headers; the cookie and Authorization go along when known. */
function requestHeaders(
  body: string,
  cookie: string | undefined,
  authorization: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (body !== "") {
    headers["content-type"] = 'text/xml; charset="utf-8"';
    headers.soapaction = "";
  }
  if (cookie !== undefined) headers.cookie = cookie;
  if (authorization !== undefined) headers.authorization = authorization;
  return headers;
}

/** 503 is busy (Retry-After); 204 or an empty 200 means the ACS has nothing more to send. */
function replyOf(codec: CwmpCodec, response: HttpPostResponse): AcsReply {
  if (response.status === 503) {
    throw new AcsBusyError(parseRetryAfter(headerOne(response.headers["retry-after"]), Date.now()));
  }
  if (response.status === 204) return { kind: "empty" };
  if (response.status !== 200) throw new AcsHttpStatusError(response.status);
  const text = codec.bodyText(response.body, headerOne(response.headers["content-encoding"]));
  if (text.trim() === "") return { kind: "empty" };
  return decodeAcsReply(codec, text);
}

function decodeAcsReply(codec: CwmpCodec, text: string): AcsReply {
  let envelope: CwmpEnvelope<AcsMessage>;
  try {
    envelope = codec.decodeAcsMessage(text);
  } catch (error) {
    // TR-069 A.5.1: an RPC the CPE does not know is answered with 9000, bad arguments 9003.
    if (error instanceof UnknownCwmpMethodError || error instanceof InvalidCwmpArgumentError) {
      const code = error instanceof UnknownCwmpMethodError ? 9000 : 9003;
      const fault = faultResponse(new CpeFaultError(code, error.message));
      return { kind: "unreadable", fault, id: error.envelope?.id };
    }
    throw new AcsProtocolError("undecodable ACS message", { cause: error });
  }
  if (envelope.body === null) return { kind: "empty" };
  return { kind: "message", message: envelope.body, id: envelope.header.id };
}

/** The ACS's answer to one of the CPE's own requests must be its response (TR-069 3.7.1). */
function expectResponse(reply: AcsReply, method: string): void {
  if (reply.kind !== "message") throw new AcsProtocolError(`expected ${method}, got ${reply.kind}`);
  if (reply.message.method === "Fault") {
    throw new AcsProtocolError(`ACS fault ${reply.message.faultCode} ${reply.message.faultString}`);
  }
  if (reply.message.method !== method) {
    throw new AcsProtocolError(`expected ${method}, got ${reply.message.method}`);
  }
}

function answerTo(
  reply: Exclude<AcsReply, { kind: "empty" }>,
  handleRpc: (message: AcsMessage) => CpeReply,
): CpeReply {
  if (reply.kind === "unreadable") return { kind: "answer", response: reply.fault };
  // An ACS fault is an answer to a CPE request; in RPC position it breaks the session.
  if (reply.message.method === "Fault") {
    throw new AcsProtocolError(`unexpected ACS fault ${reply.message.faultCode}`);
  }
  return handleRpc(reply.message);
}

function headerList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function headerOne(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
