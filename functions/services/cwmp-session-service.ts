import type { CpeMessage, CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import { CwmpDecodeError } from "../core/cwmp/cwmp-errors.ts";
import { decodeErrorAnswer } from "../core/cwmp/decode-error-answer.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import { soapFaultCodeFor } from "../core/cwmp/fault-codec.ts";
import type { CwmpNamespace } from "../core/cwmp/namespaces.ts";
import { validateInform } from "../core/session/validate-inform.ts";
import { SessionLostError, StoreUnavailableError } from "../port-errors.ts";
import { type Admission, type AdmitOutcome, admitRequest } from "./admit-request.ts";
import { campaignStatusReadOnce } from "./campaign-status-once.ts";
import { continueSession } from "./continue-session.ts";
import {
  type CwmpHttpHead,
  type CwmpHttpRequest,
  type CwmpHttpResponse,
  endOfSession,
  textResponse,
} from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { hintedSend } from "./hinted-send.ts";
import { busy, openSession } from "./open-session.ts";
import { withPrefetchedTask } from "./prefetched-tasks.ts";
import { parseSessionCookie, type SessionRef } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";
import { withUnsavedSend } from "./unsaved-send.ts";

export interface CwmpSessionService {
  /**
   * The header-only stage (admit-request.ts): a refusal (405, 401 with a challenge, 503) or an
   * admission, without the body. Servers that can call it before reading the body should.
   */
  admit(head: CwmpHttpHead): Promise<AdmitOutcome>;
  /** One exchange; runs `admit` first unless given its admission, then decodes the body. */
  handle(request: CwmpHttpRequest, admission?: Admission): Promise<CwmpHttpResponse>;
}

/**
 * The CWMP endpoint's logic, shared by the Lambda handler and the local ACS:
 * one HTTP exchange in, one out, all state in the stores. Authentication comes before the
 * body is decoded (admit), the device binding after (open-session.ts).
 */
export function createCwmpSessionService(deps: SessionDeps): CwmpSessionService {
  const admit = async (head: CwmpHttpHead): Promise<AdmitOutcome> => {
    try {
      return await admitRequest(deps, head);
    } catch (error) {
      return { kind: "refused", response: failure(deps, error) };
    }
  };
  return {
    admit,
    handle: async (request, given) => {
      const outcome = given
        ? { kind: "admitted" as const, admission: given }
        : await admit(request);
      if (outcome.kind === "refused") return outcome.response;
      try {
        const campaignProgress = campaignStatusReadOnce(deps.campaignProgress);
        return await exchange({ ...deps, campaignProgress }, request, outcome.admission);
      } catch (error) {
        return failure(deps, error);
      }
    },
  };
}

async function exchange(
  deps: SessionDeps,
  request: CwmpHttpRequest,
  given: Admission,
): Promise<CwmpHttpResponse> {
  const decoded = decode(deps, request);
  if ("status" in decoded) return decoded;
  const envelope = decoded.envelope;
  let admission = given;
  if (admission.kind === "idle" || admission.kind === "send") {
    const answered = envelope === null ? await unreadAnswer(deps, admission) : undefined;
    if (answered) return answered;
    // Not idle after all (a task queued since the Inform), the hinted task not sendable, a
    // body: admitted the usual way.
    const again = await admitRequest(deps, request, { hints: false });
    if (again.kind === "refused") return again.response;
    admission = again.admission;
  }
  if (envelope?.body?.method === "Inform") {
    const inform = { ...envelope, body: envelope.body };
    return (
      refuseInvalidInform(deps, request, inform) ?? openSession(deps, request, inform, admission)
    );
  }
  const live = admission.kind === "session" ? admission.live : await cookieSession(deps, request);
  // No session to continue: make the CPE start over with an Inform.
  if (!live) return textResponse(400, "no CWMP session: start with an Inform");
  const { session, named } = withUnsavedSend(live.session, live.prefetchedTask);
  const tasks = withPrefetchedTask(deps.tasks, named);
  const readAheadTaskId = parseSessionCookie(request.cookies)?.nextTaskId;
  return continueSession({ ...deps, tasks }, session, live.device, envelope, { readAheadTaskId });
}

/** The empty POST answered from its cookie's hint, nothing read; undefined to read after all. */
async function unreadAnswer(
  deps: SessionDeps,
  admission: Extract<Admission, { kind: "idle" | "send" }>,
): Promise<CwmpHttpResponse | undefined> {
  if (admission.kind === "send") return hintedSend(deps, admission.hint);
  return (await closeIdle(deps, admission.ref)) ? endOfSession : undefined;
}

/**
 * The idle session's end (TR-069 3.7.2.4: an empty POST and nothing to send): one conditional
 * write, no read. False when the session is no longer idle or not this cookie's.
 */
async function closeIdle(deps: SessionDeps, ref: SessionRef): Promise<boolean> {
  const closed = await deps.devices.closeIdleSession(ref.deviceId, ref.sessionId, deps.clock.now());
  if (closed)
    deps.logger.info("session closed", { deviceId: ref.deviceId, exchanges: 2, idle: true });
  return closed;
}

/** The cookie's live session when admit did not load it (authentication off). */
async function cookieSession(deps: SessionDeps, request: CwmpHttpRequest) {
  if (deps.authenticator.mode !== "none") return undefined;
  const ref = parseSessionCookie(request.cookies);
  return (
    ref &&
    (await deps.devices.loadSession(ref.deviceId, ref.sessionId, deps.clock.now(), ref.nextTaskId))
  );
}

/**
 * An Inform that names no device or reports more than the store can hold gets fault 8003
 * (TR-069 A.5.1 Invalid arguments) before anything is read or written; undefined when fine.
 */
function refuseInvalidInform(
  deps: SessionDeps,
  request: CwmpHttpRequest,
  inform: CwmpEnvelope<CpeMessageOf<"Inform">> & { body: CpeMessageOf<"Inform"> },
): CwmpHttpResponse | undefined {
  const problem = validateInform(inform.body);
  if (problem === undefined) return undefined;
  deps.logger.warn("Inform refused", {
    problem: problem.kind,
    reason: problem.message,
    sourceIp: request.sourceIp,
  });
  const context = { cwmpNamespace: inform.cwmpNamespace, id: inform.header.id };
  return cwmpFault(deps, context, 8003, `Invalid arguments: ${problem.message}`);
}

/** An ACS SOAP Fault (TR-069 A.5) in the CPE's namespace, echoing its cwmp:ID. */
function cwmpFault(
  deps: SessionDeps,
  envelope: { readonly cwmpNamespace: string; readonly id?: string | undefined },
  faultCode: number,
  faultString: string,
): CwmpHttpResponse {
  return envelopeResponse(deps, envelope.cwmpNamespace as CwmpNamespace, envelope.id, {
    method: "Fault",
    faultcode: soapFaultCodeFor(faultCode),
    faultstring: "CWMP fault",
    faultCode,
    faultString,
    setParameterValuesFault: [],
  });
}

type Decoded = { readonly envelope: CwmpEnvelope<CpeMessage> | null } | CwmpHttpResponse;

/** Body to envelope; an empty POST is null. Undecodable input is answered here, changing nothing. */
function decode(deps: SessionDeps, request: CwmpHttpRequest): Decoded {
  try {
    const text = deps.codec.bodyText(request.body, request.headers["content-encoding"]);
    if (text.trim() === "") return { envelope: null };
    const envelope = deps.codec.decodeCpeMessage(text);
    return { envelope: envelope.body === null ? null : envelope };
  } catch (error) {
    const answer = decodeErrorAnswer(error);
    if (!answer) throw error;
    deps.logger.warn("undecodable CWMP body", { error: String(error) });
    if (answer.kind === "http") return textResponse(answer.status, answer.reason);
    return cwmpFault(deps, answer.envelope, answer.faultCode, answer.faultString);
  }
}

/** Failures that are not the CPE's fault: never a crash, always an answer it can act on. */
function failure(deps: SessionDeps, error: unknown): CwmpHttpResponse {
  if (error instanceof SessionLostError) {
    deps.logger.warn("session lost", { deviceId: error.deviceId });
    return textResponse(400, "CWMP session expired: start with an Inform");
  }
  if (error instanceof StoreUnavailableError) {
    deps.logger.warn("store unavailable", { error: error.message });
    return busy(5_000 + Math.floor(Math.random() * 25_000));
  }
  if (error instanceof CwmpDecodeError) return textResponse(400, error.message);
  deps.logger.error("CWMP exchange failed", {
    error: error instanceof Error ? error.stack : String(error),
  });
  return textResponse(500, "internal error");
}
