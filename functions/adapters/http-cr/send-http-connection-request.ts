import { randomBytes } from "node:crypto";
import type { AuthChallenge } from "../../core/http-digest/index.ts";
import {
  buildAuthorization,
  buildBasicAuthorization,
  ChallengeParseError,
  chooseChallenge,
  parseChallenge,
} from "../../core/http-digest/index.ts";
import { assertNever } from "../../core/session/assert-never.ts";
import type { UrlGuardDecision } from "./create-url-guard.ts";
import { type HttpGetOnceResult, httpGetOnce } from "./http-get-once.ts";
import { parseRetryAfter } from "./parse-retry-after.ts";
import type { AuthFailedReason, HttpCrOptions, HttpCrOutcome } from "./types.ts";

type Allowed = Extract<UrlGuardDecision, { kind: "allowed" }>;
type Response = Extract<HttpGetOnceResult, { kind: "response" }>;

/**
 * Sends one HTTP connection request (TR-069 section 3.2.2): a GET without body and without
 * credentials; on 401 one more GET, on a new connection, answering the Digest challenge
 * (RFC 7616). Redirects are never followed. Never throws for network or HTTP failures: every
 * result is an outcome. The password only ever enters the Authorization hash (or Basic value).
 */
export async function sendHttpConnectionRequest(options: HttpCrOptions): Promise<HttpCrOutcome> {
  const started = performance.now();
  const latencyMs = (): number => Math.max(0, performance.now() - started);
  const decision = await checkWithin(options);
  switch (decision.kind) {
    case "refused":
      return { kind: "refused-url", reason: decision.reason, latencyMs: latencyMs() };
    case "unresolvable":
      return { kind: "unreachable", reason: "dns-failure", latencyMs: latencyMs() };
    case "timeout":
      return { kind: "unreachable", reason: "connect-timeout", latencyMs: latencyMs() };
    case "allowed":
      break;
    default:
      return assertNever(decision);
  }
  const first = await attempt(options, decision, undefined);
  if (first.kind === "failed") {
    return { kind: "unreachable", reason: first.reason, latencyMs: latencyMs() };
  }
  if (first.status !== 401) return finalOutcome(first, false, latencyMs());
  const authorization = answerChallenge(options, decision.url, first);
  if (typeof authorization !== "string") {
    return {
      kind: "auth-failed",
      status: 401,
      reason: authorization.reason,
      latencyMs: latencyMs(),
    };
  }
  const second = await attempt(options, decision, authorization);
  if (second.kind === "failed") {
    return { kind: "unreachable", reason: second.reason, latencyMs: latencyMs() };
  }
  return finalOutcome(second, true, latencyMs());
}

function attempt(
  options: HttpCrOptions,
  target: Allowed,
  authorization: string | undefined,
): Promise<HttpGetOnceResult> {
  return httpGetOnce({
    url: target.url,
    address: target.address,
    family: target.family,
    authorization,
    connectTimeoutMs: options.connectTimeoutMs,
    responseTimeoutMs: options.responseTimeoutMs,
  });
}

/** DNS is part of connecting, so it shares the connect timeout. */
async function checkWithin(
  options: HttpCrOptions,
): Promise<UrlGuardDecision | { readonly kind: "timeout" }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ readonly kind: "timeout" }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timeout" }), options.connectTimeoutMs);
  });
  try {
    return await Promise.race([options.guard.check(options.url), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Authorization value for the retry, or why there is none. */
function answerChallenge(
  options: HttpCrOptions,
  url: URL,
  response: Response,
): string | { readonly reason: AuthFailedReason } {
  if (options.username === undefined) return { reason: "no-credentials" };
  let challenges: AuthChallenge[];
  try {
    challenges = response.wwwAuthenticate.flatMap((value) => parseChallenge(value));
  } catch (error) {
    if (error instanceof ChallengeParseError) return { reason: "bad-challenge" };
    throw error;
  }
  const challenge = chooseChallenge(challenges, { allowBasic: options.allowBasic ?? false });
  if (challenge === undefined) return { reason: "no-supported-challenge" };
  const password = options.password ?? "";
  if (challenge.scheme === "Basic") return buildBasicAuthorization(options.username, password);
  return buildAuthorization({
    challenge,
    username: options.username,
    password,
    method: "GET",
    uri: `${url.pathname}${url.search}`,
    cnonce: randomBytes(16).toString("hex"),
    nc: 1,
  });
}

function finalOutcome(
  response: Response,
  authenticated: boolean,
  latencyMs: number,
): HttpCrOutcome {
  const { status } = response;
  if (status === 200 || status === 204)
    return { kind: "delivered", status, authenticated, latencyMs };
  if (status === 401) return { kind: "auth-failed", status, reason: "rejected", latencyMs };
  if (status === 503) {
    const retryAfterSeconds = parseRetryAfter(response.retryAfter, Date.now());
    return retryAfterSeconds === undefined
      ? { kind: "busy", status, latencyMs }
      : { kind: "busy", status, retryAfterSeconds, latencyMs };
  }
  // TR-069 3.2.2 names no redirects; following one would let a CPE steer the ACS anywhere.
  if (status >= 300 && status < 400) return { kind: "redirect-refused", status, latencyMs };
  return { kind: "unexpected-status", status, latencyMs };
}
