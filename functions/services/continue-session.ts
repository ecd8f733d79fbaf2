import type { CpeMessage } from "../core/cwmp/cpe-messages.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { answerCpeRequest, isCpeRequest } from "../core/session/cpe-request.ts";
import { renewLease } from "../core/session/lease.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { type ReadAhead, startExchange, withDevice } from "./exchange.ts";
import { nextRpc } from "./next-rpc.ts";
import { settleProfileReply } from "./provisioning/settle-profile-reply.ts";
import type { SessionDeps } from "./session-deps.ts";
import { settleCpeRequest } from "./settle-cpe-request.ts";
import { applyTaskReply, emptyTaskReply } from "./task-reply.ts";

export interface ContinueOptions {
  /** The task the session cookie names: the next exchange reads it with the session. */
  readonly readAheadTaskId?: string;
}

/**
 * Every POST after the Inform (TR-069 3.7.2): a CPE request is answered; an
 * empty POST or the reply to our last RPC hands the floor to the ACS.
 */
export async function continueSession(
  deps: SessionDeps,
  session: SessionState,
  device: DeviceRecord,
  envelope: CwmpEnvelope<CpeMessage> | null,
  options: ContinueOptions = {},
): Promise<CwmpHttpResponse> {
  const readAhead: ReadAhead | undefined =
    options.readAheadTaskId === undefined
      ? undefined
      : { taskId: options.readAheadTaskId, loaded: session };
  const message = envelope?.body ?? null;
  const counted: SessionState = { ...session, exchanges: session.exchanges + 1 };
  if (message && isCpeRequest(message)) {
    const settled = await settleCpeRequest(deps, message, device, counted);
    await deps.devices.saveSession(
      {
        ...counted,
        // A failed transfer being retried waits for a later session (task-policy.ts).
        attemptedTaskIds: [...counted.attemptedTaskIds, ...(settled?.retryLater ?? [])],
        expiresAt: renewLease(deps.clock.now(), deps.sessionIdleTimeoutMs),
      },
      { dequeue: settled?.leaving ?? [] },
    );
    return envelopeResponse(
      deps,
      session.cwmpNamespace,
      envelope?.header.id,
      answerCpeRequest(message),
    );
  }
  const floor: SessionState = { ...counted, phase: "acs-requests", inflight: undefined };
  const inflight = session.inflight;
  if (message && inflight?.serves === "profile" && deps.provisioning) {
    const settled = await settleProfileReply(
      { ...deps, provisioning: deps.provisioning },
      session,
      device,
      inflight,
      message,
    );
    const settledProfiles = [
      ...(floor.settledProfiles ?? []),
      ...(settled.settled ? [settled.settled] : []),
    ];
    const exchange = withDevice(startExchange(device, [], readAhead), settled.device);
    return nextRpc(deps, { ...floor, settledProfiles }, exchange);
  }
  const leavingQueue = message
    ? await applyTaskReply(deps, counted, device, message)
    : await emptyTaskReply(deps, counted);
  return nextRpc(deps, floor, startExchange(device, leavingQueue, readAhead));
}
