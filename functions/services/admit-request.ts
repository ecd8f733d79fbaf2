import { certificateDeviceId } from "../core/auth/client-certificate.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import type { TaskRecord } from "../core/model/task.ts";
import type { SendHint } from "../core/session/send-hint.ts";
import { authenticateCpe, authenticationRequired, type CpeAuthResult } from "./authenticate-cpe.ts";
import { type CwmpHttpHead, type CwmpHttpResponse, textResponse } from "./cwmp-http.ts";
import { verifiedSendHint } from "./hinted-send.ts";
import { parseSessionCookie, type SessionRef } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";

export interface LiveSession {
  readonly device: DeviceRecord;
  readonly session: SessionState;
  /** The task the cookie named, read with the session (prefetched-tasks.ts). */
  readonly prefetchedTask?: TaskRecord;
}

/** Why a request may have its body read and decoded. */
export type Admission =
  /** CPE authentication is off. */
  | { readonly kind: "open" }
  /** A live session's cookie (TR-069 3.4.4, 3.7.1: later requests of a session are authenticated by it). */
  | { readonly kind: "session"; readonly live: LiveSession }
  /**
   * An empty POST with the idle hint of its session's cookie (core/session/idle-at-inform.ts):
   * admitted unread, because the session id secret is checked by the conditional write that
   * ends the session (DeviceStore.closeIdleSession); if that write is refused, the request is
   * admitted again the usual way.
   */
  | { readonly kind: "idle"; readonly ref: SessionRef }
  /**
   * An empty POST with a send hint this ACS signed (core/session/send-hint.ts): admitted unread,
   * the MAC standing in for the session read; if the hinted send does not happen
   * (hinted-send.ts), the request is admitted again the usual way.
   */
  | { readonly kind: "send"; readonly hint: SendHint }
  /** A valid Authorization; its binding to the Inform's device is checked after decoding. */
  | {
      readonly kind: "authenticated";
      readonly auth: Extract<CpeAuthResult, { kind: "authenticated" }>;
    };

export type AdmitOutcome =
  | { readonly kind: "admitted"; readonly admission: Admission }
  | { readonly kind: "refused"; readonly response: CwmpHttpResponse };

/**
 * The header-only stage of a CWMP request: decides from method, path, headers and cookies,
 * never the body, whether the body may be read at all. Digest with qop=auth does not cover the
 * body (RFC 7616 section 3.4.3), so nothing is lost by judging before reading it, and an
 * unauthenticated sender costs no decoding. At most one session read and one credential read.
 *
 * The cookie comes first: CPEs answer every request of a session pre-emptively with
 * Authorization, and the session read is the one the exchange needs anyway, so a session under
 * way costs no credential read. An Inform that arrives with a live session's cookie still has
 * its Authorization checked once decoded (open-session.ts).
 */
export async function admitRequest(
  deps: SessionDeps,
  head: CwmpHttpHead,
  options: { readonly hints?: boolean } = {},
): Promise<AdmitOutcome> {
  if (head.method !== "POST") {
    return refuse(textResponse(405, "CWMP uses POST", { allow: "POST" }));
  }
  const certificate = head.clientCertificate;
  const hinted = parseSessionCookie(head.cookies);
  if (options.hints !== false && hinted && emptyBody(head)) {
    const named = certificate && certificateDeviceId(certificate);
    if (named === undefined || named === hinted.deviceId) {
      if (hinted.idle) return admitted({ kind: "idle", ref: hinted });
      const hint = verifiedSendHint(deps, hinted);
      if (hint) return admitted({ kind: "send", hint });
    }
  }
  // A verified client certificate binds even with authentication off: it names one device.
  if (deps.authenticator.mode === "none" && !certificate) return admitted({ kind: "open" });
  const now = deps.clock.now();
  const ref = parseSessionCookie(head.cookies);
  // The task the cookie names is read with the session on every POST: the empty one that hands
  // the ACS the floor sends it, the reply may answer an unsaved send of it (unsaved-send.ts).
  const live =
    ref && (await deps.devices.loadSession(ref.deviceId, ref.sessionId, now, ref.nextTaskId));
  if (live && certificate && certificateDeviceId(certificate) !== live.device.id) {
    // Another device's session cookie presented with this certificate.
    return refuse(textResponse(403, "client certificate names another device"));
  }
  if (live) return admitted({ kind: "session", live });
  const auth = await authenticateCpe(deps, head, now);
  switch (auth.kind) {
    case "authenticated":
      return admitted({ kind: "authenticated", auth });
    case "challenge":
      return refuse(authenticationRequired(deps.authenticator, now, auth));
    default:
      // "anonymous-allowed" only in mode none, handled above.
      return refuse(authenticationRequired(deps.authenticator, now));
  }
}

/** No body by its headers (RFC 9112 6.3: a request without length or chunking has none). */
function emptyBody(head: CwmpHttpHead): boolean {
  const length = head.headers["content-length"];
  if (length !== undefined) return length.trim() === "0";
  return head.headers["transfer-encoding"] === undefined;
}

function admitted(admission: Admission): AdmitOutcome {
  return { kind: "admitted", admission };
}

function refuse(response: CwmpHttpResponse): AdmitOutcome {
  return { kind: "refused", response };
}
