import type { CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import { cwmpNamespaces } from "../core/cwmp/namespaces.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { assertNever } from "../core/session/assert-never.ts";
import { idleAtInform } from "../core/session/idle-at-inform.ts";
import { informFacts, informParameterChanges } from "../core/session/inform.ts";
import {
  abandonReason,
  renewLease,
  type SupersedeReason,
  supersedeReason,
} from "../core/session/lease.ts";
import {
  DigestReplayError,
  SessionBusyError,
  SharedCredentialRefusedError,
} from "../port-errors.ts";
import type { OpenedSession } from "../ports.ts";
import type { Admission } from "./admit-request.ts";
import { authenticateCpe, authenticationRequired, type CpeAuthResult } from "./authenticate-cpe.ts";
import { type CwmpHttpRequest, type CwmpHttpResponse, textResponse } from "./cwmp-http.ts";
import { readDiagnosticResults } from "./diagnostics/read-diagnostic-results.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { anyProfileDue } from "./provisioning/any-profile-due.ts";
import { provisioningFingerprint } from "./provisioning/provisioning-fingerprint.ts";
import { parseSessionCookie, type SessionRef, sessionCookie } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";

/**
 * An Inform opens a session (TR-069 3.7.1): authenticate (admitted by its Authorization, or
 * checked now when a live session's cookie admitted it), check the credential's device binding,
 * take the device's lease in one conditional write that also refuses a replayed digest answer
 * and the shared credential for a device with its own, store changed Inform parameters, answer
 * InformResponse with the session cookie. Nothing is written before authentication succeeds. A
 * reboot or a retried session supersedes the device's earlier session at once
 * (core/session/lease.ts); any other second session gets 503 until the first has been idle for
 * the idle timeout.
 */
export async function openSession(
  deps: SessionDeps,
  request: CwmpHttpRequest,
  envelope: CwmpEnvelope<CpeMessageOf<"Inform">> & { body: CpeMessageOf<"Inform"> },
  admission: Admission,
): Promise<CwmpHttpResponse> {
  const now = deps.clock.now();
  const facts = informFacts(envelope.body);
  const auth = await informAuthentication(deps, request, admission, now);
  if (auth.kind === "challenge") return authenticationRequired(deps.authenticator, now, auth);
  if (
    auth.kind === "authenticated" &&
    auth.deviceId !== undefined &&
    auth.deviceId !== facts.deviceId
  ) {
    deps.logger.warn("credential used by another device", {
      deviceId: facts.deviceId,
      username: auth.username,
    });
    return authenticationRequired(deps.authenticator, now);
  }
  await endOwnPreviousSession(deps, request, facts.deviceId, now);
  const session: SessionState = {
    id: deps.ids.randomId(),
    deviceId: facts.deviceId,
    cwmpNamespace: envelope.cwmpNamespace,
    startedAt: now,
    expiresAt: renewLease(now, deps.sessionIdleTimeoutMs),
    phase: "cpe-requests",
    events: facts.events,
    ...(facts.methodEvents.length > 0 && { methodEvents: facts.methodEvents }),
    ...(facts.softwareVersion !== undefined && { softwareVersion: facts.softwareVersion }),
    exchanges: 1,
    attemptedTaskIds: [],
  };
  const supersede = supersedeReason(facts);
  let hint: CookieHint = {};
  try {
    const opened = await deps.devices.openSession(facts, session, now, {
      supersede: supersede !== undefined,
      ...(auth.kind === "authenticated" && {
        ...(auth.digest && { digest: auth.digest }),
        sharedCredential: auth.deviceId === undefined,
      }),
    });
    const { previous, device, abandoned } = opened;
    if (abandoned) logAbandoned(deps, abandoned, supersede, now);
    if (device) {
      // An earlier session left unclosed may have failed before its Inform values were stored
      // (the device item already held them): compare with nothing, so nothing is lost.
      const changed = informParameterChanges(abandoned ? undefined : previous, facts, now);
      if (changed.length > 0) {
        // A new device or a BOOTSTRAP starts an empty generation: nothing to merge with.
        const fresh = previous === undefined || facts.bootstrap;
        await deps.parameters.putParameters(device.id, device.parameterGeneration, changed, {
          fresh,
        });
      }
    }
    await readDiagnosticResults(deps, facts.deviceId, facts.events, now);
    hint = await cookieHint(deps, opened, session, now);
    deps.logger.info("session opened", {
      deviceId: facts.deviceId,
      events: facts.events,
      newDevice: opened.newDevice,
      ...(hint.idle && { idle: true }),
    });
    await deps.events.publish([
      ...(opened.newDevice
        ? [{ type: "DeviceRegistered" as const, deviceId: facts.deviceId, at: now }]
        : []),
      ...(facts.events.includes("1 BOOT")
        ? [
            {
              type: "DeviceBooted" as const,
              deviceId: facts.deviceId,
              at: now,
              events: facts.events,
            },
          ]
        : []),
    ]);
  } catch (error) {
    const refused = credentialRefused(deps, error, auth);
    if (refused) return refused;
    if (!(error instanceof SessionBusyError)) throw error;
    // Logged by message: the CDK metric filter "SessionsRefusedBusy" counts these lines.
    deps.logger.warn("session refused: device is in another session", {
      deviceId: facts.deviceId,
      events: facts.events,
      retryAfterMs: error.retryAfterMs,
    });
    return busy(error.retryAfterMs);
  }
  return envelopeResponse(
    deps,
    envelope.cwmpNamespace,
    envelope.header.id,
    { method: "InformResponse", maxEnvelopes: 1 },
    [sessionCookie({ deviceId: facts.deviceId, sessionId: session.id, ...hint })],
  );
}

type CookieHint = Pick<SessionRef, "idle" | "nextTaskId" | "send">;

/**
 * The cookie's hint: the session is idle; or it has nothing to do but its queue, whose oldest
 * task the empty POST may then send unread (a signed send hint, send-hint.ts); or the oldest
 * queued task, to read with the session.
 */
async function cookieHint(
  deps: SessionDeps,
  opened: OpenedSession,
  session: SessionState,
  now: number,
): Promise<CookieHint> {
  const queueOnly = await nothingButQueue(deps, opened, session, now);
  const nextTaskId = opened.pending.headTaskId;
  if (nextTaskId === undefined)
    return queueOnly && opened.pending.queuedTasks === 0 ? { idle: true } : {};
  if (!queueOnly || !deps.sendHints) return { nextTaskId };
  const hint = {
    deviceId: session.deviceId,
    sessionId: session.id,
    taskId: nextTaskId,
    expiresAt: session.expiresAt,
    namespace: cwmpNamespaces.indexOf(session.cwmpNamespace),
  };
  const mac = deps.sendHints.sign(hint);
  return { nextTaskId, send: { expiresAt: hint.expiresAt, namespace: hint.namespace, mac } };
}

/**
 * Whether this session has nothing to do but what its queue holds (core/session/idle-at-inform.ts
 * with the queue left out): idle when the queue is empty too.
 */
async function nothingButQueue(
  deps: SessionDeps,
  opened: OpenedSession,
  session: SessionState,
  now: number,
): Promise<boolean> {
  const context = {
    informUnchanged: opened.inform === "unchanged",
    abandoned: opened.abandoned !== undefined,
    events: session.events,
    queuedTasks: 0,
    provisioningQuiet: opened.pending.provisioningQuiet,
    now,
  };
  // Only a candidate pays for the fingerprint (the profile catalog is cached per instance).
  if (!idleAtInform({ ...context, provisioningFingerprint: undefined })) return false;
  if (!deps.provisioning) return true;
  const provisioning = { ...deps, provisioning: deps.provisioning };
  // A record just written (new device, BOOTSTRAP, changed facts) is at hand: ask the profiles.
  if (opened.device) return !(await anyProfileDue(provisioning, session, opened.device));
  const fingerprint = await provisioningFingerprint(deps.provisioning, deps.taskSecrets?.sealer);
  return idleAtInform({ ...context, provisioningFingerprint: fingerprint });
}

/** A CPE that starts over with its own live session's cookie ends that session first. */
async function endOwnPreviousSession(
  deps: SessionDeps,
  request: CwmpHttpRequest,
  deviceId: string,
  now: number,
): Promise<void> {
  const ref = parseSessionCookie(request.cookies);
  if (!ref || ref.deviceId !== deviceId) return;
  const live = await deps.devices.loadSession(ref.deviceId, ref.sessionId, now);
  // Without a stated quiet period the close removes it (its work was not finished).
  if (live) await deps.devices.closeSession(live.session, {}, now);
}

/**
 * An earlier session the device item still held: the CPE left it without the ACS closing
 * it. Logged by message (the CDK metric filter "SessionsAbandoned" counts these lines, by
 * reason); its in-flight RPC is settled as unanswered when the ACS next picks a task.
 */
function logAbandoned(
  deps: SessionDeps,
  abandoned: SessionState,
  supersede: SupersedeReason | undefined,
  now: number,
): void {
  deps.logger.warn("session abandoned", {
    deviceId: abandoned.deviceId,
    reason: abandonReason(abandoned, supersede, now),
    startedAt: new Date(abandoned.startedAt).toISOString(),
    exchanges: abandoned.exchanges,
    ...(abandoned.inflight && { unanswered: abandoned.inflight.method }),
  });
}

/** The Inform's credentials: as admitted, or checked now (a live session's cookie admitted it). */
async function informAuthentication(
  deps: SessionDeps,
  request: CwmpHttpRequest,
  admission: Admission,
  now: number,
): Promise<CpeAuthResult> {
  switch (admission.kind) {
    case "open":
      return { kind: "anonymous-allowed" };
    case "authenticated":
      return admission.auth;
    case "session":
    case "idle":
    case "send":
      return authenticateCpe(deps, request, now);
    default:
      return assertNever(admission);
  }
}

/** 401 for a write the device item refused on credential grounds; undefined for other errors. */
function credentialRefused(
  deps: SessionDeps,
  error: unknown,
  auth: CpeAuthResult,
): CwmpHttpResponse | undefined {
  const username = auth.kind === "authenticated" ? auth.username : undefined;
  if (error instanceof DigestReplayError) {
    deps.logger.warn("digest replay refused", { deviceId: error.deviceId, username });
  } else if (error instanceof SharedCredentialRefusedError) {
    deps.logger.warn("shared credential refused: the device has its own", {
      deviceId: error.deviceId,
      username,
    });
  } else {
    return undefined;
  }
  return authenticationRequired(deps.authenticator, deps.clock.now());
}

/** TR-069 3.7.1.4 lets an ACS refuse with 503 and Retry-After; CPEs come back. */
export function busy(retryAfterMs: number): CwmpHttpResponse {
  const seconds = Math.min(3600, Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return textResponse(503, "device is in another session", { "retry-after": String(seconds) });
}
