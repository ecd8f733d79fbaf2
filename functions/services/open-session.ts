import type { CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { informFacts, informParameterChanges } from "../core/session/inform.ts";
import {
  abandonReason,
  renewLease,
  type SupersedeReason,
  supersedeReason,
} from "../core/session/lease.ts";
import { SessionBusyError } from "../port-errors.ts";
import { authenticateCpe } from "./authenticate-cpe.ts";
import { type CwmpHttpRequest, type CwmpHttpResponse, textResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { parseSessionCookie, sessionCookie } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";

/**
 * An Inform opens a session (TR-069 3.7.1): authenticate, take the
 * device's lease in one conditional write, store changed Inform parameters,
 * answer InformResponse with the session cookie. Nothing is written before
 * authentication succeeds. A reboot or a retried session supersedes the
 * device's earlier session at once (core/session/lease.ts); any other second
 * session gets 503 until the first has been idle for the idle timeout.
 */
export async function openSession(
  deps: SessionDeps,
  request: CwmpHttpRequest,
  envelope: CwmpEnvelope<CpeMessageOf<"Inform">> & { body: CpeMessageOf<"Inform"> },
): Promise<CwmpHttpResponse> {
  const now = deps.clock.now();
  const facts = informFacts(envelope.body);
  const auth = await authenticateCpe({
    authenticator: deps.authenticator,
    credentials: deps.credentials,
    authorization: request.headers.authorization,
    method: request.method,
    now,
  });
  if (auth.kind === "challenge") return challenge(deps, now, auth.stale);
  if (
    auth.kind === "authenticated" &&
    auth.deviceId !== undefined &&
    auth.deviceId !== facts.deviceId
  ) {
    deps.logger.warn("credential used by another device", {
      deviceId: facts.deviceId,
      username: auth.username,
    });
    return challenge(deps, now, false);
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
    exchanges: 1,
    attemptedTaskIds: [],
  };
  const supersede = supersedeReason(facts);
  try {
    const { previous, device, abandoned } = await deps.devices.openSession(facts, session, now, {
      supersede: supersede !== undefined,
    });
    if (abandoned) logAbandoned(deps, abandoned, supersede, now);
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
    deps.logger.info("session opened", {
      deviceId: device.id,
      events: facts.events,
      newDevice: !previous,
    });
    await deps.events.publish([
      ...(previous ? [] : [{ type: "DeviceRegistered" as const, deviceId: device.id, at: now }]),
      ...(facts.events.includes("1 BOOT")
        ? [{ type: "DeviceBooted" as const, deviceId: device.id, at: now, events: facts.events }]
        : []),
    ]);
  } catch (error) {
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
    [sessionCookie({ deviceId: facts.deviceId, sessionId: session.id })],
  );
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

function challenge(deps: SessionDeps, now: number, stale: boolean): CwmpHttpResponse {
  return textResponse(401, "authentication required", {
    "www-authenticate": deps.authenticator.challenge(now, stale),
  });
}

/** TR-069 3.7.1.4 lets an ACS refuse with 503 and Retry-After; CPEs come back. */
export function busy(retryAfterMs: number): CwmpHttpResponse {
  const seconds = Math.min(3600, Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return textResponse(503, "device is in another session", { "retry-after": String(seconds) });
}
