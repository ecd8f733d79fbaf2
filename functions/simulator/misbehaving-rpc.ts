import type { AcsMessage, AcsMessageOf, CpeMessage } from "../core/cwmp/index.ts";
import type { DataModel } from "./data-model.ts";
import { CpeFaultError } from "./errors.ts";
import type { FaultRule, Misbehaviours } from "./misbehaviours.ts";
import { type CpeAction, faultResponse, type RpcHandler } from "./rpc-handler.ts";

/** Why the device closes the connection instead of answering an RPC. */
export type HangUp =
  /** The agent crashed and restarts at once: `1 BOOT`, nothing else. */
  | { readonly kind: "crash" }
  /** Reboot without RebootResponse: `1 BOOT` and `M Reboot` with the RPC's CommandKey. */
  | { readonly kind: "reboot"; readonly commandKey: string };

/** What the device does with one ACS RPC. */
export type RpcDecision =
  | { readonly kind: "answer"; readonly response: CpeMessage; readonly action?: CpeAction }
  /** An empty POST instead of a response or fault. */
  | { readonly kind: "empty" }
  | { readonly kind: "hang-up"; readonly hangUp: HangUp };

export interface MisbehavingRpcHandlerOptions {
  readonly rpc: RpcHandler;
  readonly model: () => DataModel;
  readonly misbehaviours: Misbehaviours;
}

export interface MisbehavingRpcHandler {
  handle(message: AcsMessage): RpcDecision;
  /** Whether to treat this InformResponse as lost (uses up one of `loseInformResponse`). */
  loseInformResponse(): boolean;
}

/**
 * The device's RPC handling with its misbehaviours applied in front of the correct
 * handler. The counters live here, one set per device, across sessions and reboots.
 */
export function createMisbehavingRpcHandler(
  options: MisbehavingRpcHandlerOptions,
): MisbehavingRpcHandler {
  const m = options.misbehaviours;
  let deaths = 0;
  let lostInforms = 0;
  const faultsUsed = new Map<FaultRule, number>();

  const faultRule = (message: AcsMessage): FaultRule | undefined => {
    const paths = pathsOf(message);
    return m.faultOn?.find(
      (rule) =>
        rule.method === message.method &&
        (faultsUsed.get(rule) ?? 0) < (rule.times ?? Number.POSITIVE_INFINITY) &&
        (rule.pathPrefix === undefined ||
          paths.some((path) => path.startsWith(rule.pathPrefix ?? ""))),
    );
  };

  const handle = (message: AcsMessage): RpcDecision => {
    if (m.dieOn?.method === message.method && deaths < (m.dieOn.times ?? 1)) {
      deaths += 1;
      return { kind: "hang-up", hangUp: { kind: "crash" } };
    }
    if (m.rebootWithoutAnswer === true && message.method === "Reboot") {
      return { kind: "hang-up", hangUp: { kind: "reboot", commandKey: message.commandKey } };
    }
    if (m.emptyPostFor?.some((method) => method === message.method)) return { kind: "empty" };
    const rule = faultRule(message);
    if (rule !== undefined) {
      faultsUsed.set(rule, (faultsUsed.get(rule) ?? 0) + 1);
      const error = new CpeFaultError(rule.faultCode, `simulated fault on ${message.method}`);
      return { kind: "answer", response: faultResponse(error) };
    }
    if (m.omitUnknownGpvPaths === true && message.method === "GetParameterValues") {
      return omitUnknownNames(message);
    }
    return { kind: "answer", ...options.rpc.handle(message) };
  };

  /** Known names only; an answer with none is an empty list, not the whole tree. */
  const omitUnknownNames = (message: AcsMessageOf<"GetParameterValues">): RpcDecision => {
    if (message.parameterNames.length === 0)
      return { kind: "answer", ...options.rpc.handle(message) };
    const known = message.parameterNames.filter((name) => isKnown(options.model(), name));
    if (known.length === 0) {
      return {
        kind: "answer",
        response: { method: "GetParameterValuesResponse", parameterList: [] },
      };
    }
    return { kind: "answer", ...options.rpc.handle({ ...message, parameterNames: known }) };
  };

  return {
    handle,
    loseInformResponse: () => {
      if (lostInforms >= (m.loseInformResponse ?? 0)) return false;
      lostInforms += 1;
      return true;
    },
  };
}

function isKnown(model: DataModel, name: string): boolean {
  try {
    model.getParameterValues([name]);
    return true;
  } catch (error) {
    if (error instanceof CpeFaultError && error.faultCode === 9005) return false;
    throw error;
  }
}

/** The parameter or object names an RPC is about (for FaultRule.pathPrefix). */
function pathsOf(message: AcsMessage): string[] {
  switch (message.method) {
    case "GetParameterValues":
    case "GetParameterAttributes":
      return [...message.parameterNames];
    case "GetParameterNames":
      return [message.parameterPath];
    case "SetParameterValues":
    case "SetParameterAttributes":
      return message.parameterList.map((entry) => entry.name);
    case "AddObject":
    case "DeleteObject":
      return [message.objectName];
    default:
      return [];
  }
}
