/**
 * The session cookie (RFC 6265) that ties a CWMP session's POSTs together
 * across stateless invocations: `<deviceId>:<sessionId>`, or `<deviceId>:<sessionId>:idle` when
 * the Inform found nothing to do (core/session/idle-at-inform.ts), or
 * `<deviceId>:<sessionId>:next.<taskId>` naming the oldest queued task, read with the session on
 * every later POST (one request, not two): the empty POST that hands the ACS the floor sends it,
 * and the reply to an unsaved send of it is told by it (unsaved-send.ts). The session id is a 128-bit
 * random secret checked against the device's live session (by a read, or by the condition of
 * the idle close), so a stale or forged cookie never reaches another device's session. The
 * hints only pick the cheaper path; a forged idle hint costs a refused conditional write, a
 * forged task hint one item read (used only if the device's own queue names that task).
 * `<deviceId>:<sessionId>:send.<taskId>.<namespace>.<lease end, base 36>.<MAC>` is a task hint
 * the empty POST may act on unread (core/session/send-hint.ts): its MAC stands in for the
 * session read, and a hint whose MAC fails is read as no hint at all.
 */
export const sessionCookieName = "acs_sid";

export interface SessionRef {
  readonly deviceId: string;
  readonly sessionId: string;
  /** The Inform found nothing to do: an empty POST may end the session without a read. */
  readonly idle?: boolean;
  /** The oldest queued task when the Inform was answered: read ahead with the session. */
  readonly nextTaskId?: string;
  /** With `nextTaskId`: the empty POST may send that task unread (send-hint.ts), if the MAC holds. */
  readonly send?: SendHintSeal;
}

/** What a send hint adds to `nextTaskId` (core/session/send-hint.ts). */
export interface SendHintSeal {
  readonly expiresAt: number;
  readonly namespace: number;
  readonly mac: string;
}

const idleSuffix = ":idle";
const nextTaskSuffix = /:next\.([A-Za-z0-9_-]{1,64})$/;
const sendSuffix = /:send\.([A-Za-z0-9_-]{1,64})\.([0-9])\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/;

export function sessionCookie(ref: SessionRef): string {
  return `${sessionCookieName}=${ref.deviceId}:${ref.sessionId}${cookieHint(ref)}; Path=/; HttpOnly`;
}

function cookieHint(ref: SessionRef): string {
  if (ref.idle === true) return idleSuffix;
  if (ref.nextTaskId === undefined) return "";
  const send = ref.send;
  const sent =
    send && `:send.${ref.nextTaskId}.${send.namespace}.${send.expiresAt.toString(36)}.${send.mac}`;
  if (sent !== undefined && sendSuffix.test(sent)) return sent;
  const next = `:next.${ref.nextTaskId}`;
  return nextTaskSuffix.test(next) ? next : "";
}

/**
 * The Secure attribute (RFC 6265 4.1.2.5): the CPE sends the cookie back over
 * HTTPS only, so the session id never crosses the network in clear. Added at
 * the edge, where the scheme is known (ACS_COOKIE_SECURE).
 */
export function withSecureAttribute(setCookie: string): string {
  return /;\s*secure\s*(;|$)/i.test(setCookie) ? setCookie : `${setCookie}; Secure`;
}

export function parseSessionCookie(
  cookies: Readonly<Record<string, string>>,
): SessionRef | undefined {
  const cookie = cookies[sessionCookieName];
  if (!cookie) return undefined;
  const idle = cookie.endsWith(idleSuffix);
  const sent = idle ? undefined : sendSuffix.exec(cookie);
  const nextTaskId = idle ? undefined : (sent?.[1] ?? nextTaskSuffix.exec(cookie)?.[1]);
  const hintLength = idle
    ? idleSuffix.length
    : sent
      ? sent[0].length
      : nextTaskId
        ? `:next.${nextTaskId}`.length
        : 0;
  const value = cookie.slice(0, cookie.length - hintLength);
  const colon = value.lastIndexOf(":");
  if (colon <= 0 || colon === value.length - 1) return undefined;
  const sessionId = value.slice(colon + 1);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(sessionId)) return undefined;
  return {
    deviceId: value.slice(0, colon),
    sessionId,
    ...(idle && { idle }),
    ...(nextTaskId !== undefined && { nextTaskId }),
    ...(sent?.[2] !== undefined &&
      sent[3] !== undefined &&
      sent[4] !== undefined && {
        send: {
          namespace: Number(sent[2]),
          expiresAt: Number.parseInt(sent[3], 36),
          mac: sent[4],
        },
      }),
  };
}

/** Parses a Cookie header into name -> value (first occurrence wins). */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!Object.hasOwn(cookies, name))
      cookies[name] = part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
  }
  return cookies;
}
