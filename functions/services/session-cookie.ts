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
 */
export const sessionCookieName = "acs_sid";

export interface SessionRef {
  readonly deviceId: string;
  readonly sessionId: string;
  /** The Inform found nothing to do: an empty POST may end the session without a read. */
  readonly idle?: boolean;
  /** The oldest queued task when the Inform was answered: read ahead with the session. */
  readonly nextTaskId?: string;
}

const idleSuffix = ":idle";
const nextTaskSuffix = /:next\.([A-Za-z0-9_-]{1,64})$/;

export function sessionCookie(ref: SessionRef): string {
  const hint =
    ref.idle === true
      ? idleSuffix
      : ref.nextTaskId !== undefined && nextTaskSuffix.test(`:next.${ref.nextTaskId}`)
        ? `:next.${ref.nextTaskId}`
        : "";
  return `${sessionCookieName}=${ref.deviceId}:${ref.sessionId}${hint}; Path=/; HttpOnly`;
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
  const nextTaskId = idle ? undefined : nextTaskSuffix.exec(cookie)?.[1];
  const hintLength = idle ? idleSuffix.length : nextTaskId ? `:next.${nextTaskId}`.length : 0;
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
