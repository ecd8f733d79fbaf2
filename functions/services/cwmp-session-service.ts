import type { CpeMessage, CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import { CwmpDecodeError } from "../core/cwmp/cwmp-errors.ts";
import { decodeErrorAnswer } from "../core/cwmp/decode-error-answer.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import { soapFaultCodeFor } from "../core/cwmp/fault-codec.ts";
import type { CwmpNamespace } from "../core/cwmp/namespaces.ts";
import { validateInform } from "../core/session/validate-inform.ts";
import { SessionLostError, StoreUnavailableError } from "../port-errors.ts";
import { continueSession } from "./continue-session.ts";
import { type CwmpHttpRequest, type CwmpHttpResponse, textResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { busy, openSession } from "./open-session.ts";
import { parseSessionCookie } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";

export interface CwmpSessionService {
  handle(request: CwmpHttpRequest): Promise<CwmpHttpResponse>;
}

/**
 * The CWMP endpoint's logic, shared by the Lambda handler and the local ACS:
 * one HTTP exchange in, one out, all state in the stores.
 */
export function createCwmpSessionService(deps: SessionDeps): CwmpSessionService {
  return {
    handle: async (request) => {
      try {
        return await exchange(deps, request);
      } catch (error) {
        return failure(deps, error);
      }
    },
  };
}

async function exchange(deps: SessionDeps, request: CwmpHttpRequest): Promise<CwmpHttpResponse> {
  if (request.method !== "POST") return textResponse(405, "CWMP uses POST", { allow: "POST" });
  const decoded = decode(deps, request);
  if ("status" in decoded) return decoded;
  const envelope = decoded.envelope;
  if (envelope?.body?.method === "Inform") {
    const inform = { ...envelope, body: envelope.body };
    return refuseInvalidInform(deps, request, inform) ?? openSession(deps, request, inform);
  }
  const ref = parseSessionCookie(request.cookies);
  const live =
    ref && (await deps.devices.loadSession(ref.deviceId, ref.sessionId, deps.clock.now()));
  if (!live) {
    // No session to continue: make the CPE start over with an Inform (after authenticating).
    if (deps.authenticator.mode !== "none" && !ref) {
      return textResponse(401, "authentication required", {
        "www-authenticate": deps.authenticator.challenge(deps.clock.now()),
      });
    }
    return textResponse(400, "no CWMP session: start with an Inform");
  }
  return continueSession(deps, live.session, live.device, envelope);
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
