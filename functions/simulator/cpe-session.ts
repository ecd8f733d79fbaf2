import type { CwmpCodec } from "../core/cwmp/index.ts";
import { buildInform } from "./cpe-inform.ts";
import type { SessionRecord, SimulatedCpeOptions } from "./cpe-types.ts";
import type { DataModel } from "./data-model.ts";
import type { DeviceProfile } from "./device-profile.ts";
import type { EventQueue } from "./event-queue.ts";
import type { HangUp, MisbehavingRpcHandler } from "./misbehaving-rpc.ts";
import type { Misbehaviours } from "./misbehaviours.ts";
import type { CpeAction } from "./rpc-handler.ts";
import { rpcSignature } from "./rpc-signature.ts";
import { runSession } from "./session-client.ts";
import type { ValueChanges } from "./value-changes.ts";

export interface CpeSessionInput {
  readonly options: Pick<
    SimulatedCpeOptions,
    "cwmpNamespace" | "sessionTimeoutMs" | "observer" | "tls"
  >;
  readonly profile: DeviceProfile;
  readonly model: DataModel;
  readonly queue: EventQueue;
  readonly valueChanges: ValueChanges;
  readonly rpc: MisbehavingRpcHandler;
  readonly misbehaviours: Misbehaviours;
  readonly codec: CwmpCodec;
  readonly retryCount: number;
  /** Numbers the cwmp:IDs of the device's own requests. */
  readonly sessionNumber: number;
  /** Aborts the session (power off). */
  readonly signal: AbortSignal;
}

/** What one session left to do. */
export interface CpeSessionOutcome {
  readonly record: SessionRecord;
  /** After-session actions of the RPCs answered (TR-069 3.7.2.4). */
  readonly actions: readonly CpeAction[];
  /** Set when the device closed the connection instead of answering an RPC. */
  readonly hangUp: HangUp | undefined;
  /** An InformResponse acknowledged a 0 BOOTSTRAP event (TR-069 3.7.1.5). */
  readonly bootstrapAcknowledged: boolean;
}

/**
 * One session of a device (TR-069 3.7): the Inform built from its queue and
 * model, the queued TransferCompletes, then the ACS's RPCs. The queue and the
 * value changes are acknowledged as the ACS acknowledges them.
 */
export async function runCpeSession(input: CpeSessionInput): Promise<CpeSessionOutcome> {
  const { options, profile, model, queue, valueChanges, rpc, misbehaviours } = input;
  const ms = (name: string): string => model.read(`${model.root}ManagementServer.${name}`);
  const events = queue.informEvents();
  const changes = valueChanges.pending();
  const actions: CpeAction[] = [];
  const hangUps: HangUp[] = [];
  const rpcs: string[] = [];
  let bootstrapAcknowledged = false;
  const started = performance.now();
  const retryCount = input.retryCount;
  const result = await runSession({
    acsUrl: ms("URL"),
    ...(options.tls && { tls: options.tls }),
    codec: input.codec,
    cwmpNamespace: options.cwmpNamespace ?? "urn:dslforum-org:cwmp-1-0",
    username: ms("Username"),
    password: ms("Password"),
    inform: buildInform({ profile, model, events, changes, retryCount, nowMs: Date.now() }),
    requests: queue.transferRequests(),
    handleRpc: (message) => {
      rpcs.push(rpcSignature(message));
      const decision = rpc.handle(message);
      if (decision.kind === "answer" && decision.action !== undefined)
        actions.push(decision.action);
      if (decision.kind === "hang-up") hangUps.push(decision.hangUp);
      return decision;
    },
    idPrefix: `${profile.serialNumber}-${input.sessionNumber}`,
    // A slow device must not give up on its own slowness.
    timeoutMs: options.sessionTimeoutMs ?? Math.max(60_000, 20 * (misbehaviours.replyDelayMs ?? 0)),
    now: () => performance.now(),
    signal: input.signal,
    misbehaviours,
    loseInformResponse: rpc.loseInformResponse,
    onInformAccepted: () => {
      queue.acknowledge(events);
      if (valueChanges.acknowledge(changes)) queue.add("4 VALUE CHANGE");
      bootstrapAcknowledged = events.some((event) => event.eventCode === "0 BOOTSTRAP");
    },
    onRequestAccepted: (request) => {
      if (request.method === "TransferComplete" || request.method === "DUStateChangeComplete")
        queue.transferAcknowledged(request);
    },
    ...(options.observer?.onExchange ? { onExchange: options.observer.onExchange } : {}),
  });
  const record = { events, result, durationMs: performance.now() - started, rpcs };
  return { record, actions, hangUp: hangUps[0], bootstrapAcknowledged };
}
