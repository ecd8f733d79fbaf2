import type { CpeMessage } from "../cwmp/cpe-messages.ts";
import type { StoredParameter } from "../model/device.ts";
import type { ProfileState } from "../model/profile-state.ts";
import { notificationKey, type ProfileStep } from "./plan-profile.ts";
import { faultBackoffMs, type ProfileTiming } from "./profile-state.ts";
import { secretFingerprint } from "./secret-fingerprint.ts";

type RpcStep = Extract<ProfileStep, { kind: "rpc" }>;

/** What a reply to a profile's RPC changes: its memory, and parameters the ACS learned. */
export interface ProfileReplyEffect {
  readonly state: ProfileState;
  readonly parameters: readonly StoredParameter[];
}

/** TR-069 A.5.1 fault 9005 "Invalid parameter name": the path is not in the CPE's model. */
const invalidParameterName = 9005;
/** A.5.1 fault 9009 "Notification request rejected". */
const notificationRejected = 9009;

/**
 * Applies the CPE's reply to the step a profile sent (TR-069 A.3.2):
 * values and names are learned, instances remembered, secrets fingerprinted,
 * notification attributes noted. A fault 9005 on the probe means the profile
 * does not apply; 9009 on a notification attribute that it is fixed; any
 * other fault backs the profile off (an AddObject refused with 9005 is also
 * remembered, so the next attempt uses an existing instance instead).
 */
export function applyProfileReply(
  state: ProfileState,
  step: RpcStep,
  reply: CpeMessage,
  context: { readonly now: number; readonly timing: ProfileTiming },
): ProfileReplyEffect {
  const { now } = context;
  const next = { ...state, updatedAt: now };
  if (reply.method === "Fault") return faulted(next, step, reply, context);
  const expected = `${step.rpc.method}Response`;
  if (reply.method !== expected) {
    const fault = { faultCode: 8000, faultString: `expected ${expected}, got ${reply.method}` };
    return faulted(next, step, fault, context);
  }
  switch (reply.method) {
    case "GetParameterValuesResponse":
      return {
        state: { ...next, fetched: union(next.fetched, requested(step)) },
        parameters: reply.parameterList.map((p) => ({ ...p, learnedAt: now })),
      };
    case "GetParameterNamesResponse":
      return {
        state: { ...next, listed: union(next.listed ?? [], listedPath(step)) },
        // Names only: a value learned before is kept (merged by name where it is stored).
        parameters: reply.parameterList.map((p) => ({
          name: p.name,
          writable: p.writable,
          learnedAt: now,
        })),
      };
    case "AddObjectResponse": {
      const table = step.table ?? "";
      const instance = `${table}${reply.instanceNumber}.`;
      return {
        // A fresh instance has nothing more to learn: its tables count as fetched.
        state: {
          ...next,
          instances: { ...next.instances, [step.instanceKey ?? table]: instance },
          fetched: union(next.fetched, [instance]),
        },
        parameters: [],
      };
    }
    case "SetParameterValuesResponse":
      return applySet(next, step, now);
    case "SetParameterAttributesResponse":
      return {
        state: { ...next, notificationsSet: union(next.notificationsSet, notified(step)) },
        parameters: [],
      };
    default:
      return { state: next, parameters: [] };
  }
}

function applySet(state: ProfileState, step: RpcStep, now: number): ProfileReplyEffect {
  if (step.rpc.method !== "SetParameterValues") return { state, parameters: [] };
  const secrets = new Set(step.secretNames ?? []);
  const secretsApplied = { ...state.secretsApplied };
  const parameters: StoredParameter[] = [];
  for (const p of step.rpc.parameterList) {
    if (secrets.has(p.name)) secretsApplied[p.name] = secretFingerprint(p.name, p.value);
    else parameters.push({ name: p.name, value: p.value, type: p.type, learnedAt: now });
  }
  return { state: { ...state, secretsApplied }, parameters };
}

function faulted(
  state: ProfileState,
  step: RpcStep,
  fault: {
    readonly faultCode: number;
    readonly faultString: string;
    readonly setParameterValuesFault?: readonly {
      readonly parameterName: string;
      readonly faultCode: number;
    }[];
  },
  context: { readonly now: number; readonly timing: ProfileTiming },
): ProfileReplyEffect {
  const code = fault.faultCode;
  if (code === invalidParameterName && step.purpose === "probe") {
    const reason = `not in the data model: ${requested(step).join(", ")}`;
    return { state: { ...state, status: "not-applicable", reason }, parameters: [] };
  }
  if (code === notificationRejected && step.purpose === "notify") {
    // Forced or fixed notification (e.g. ConnReqJabberID, TR-069 A.3.2.4): nothing to set.
    const notificationsSet = union(state.notificationsSet, notified(step));
    return { state: { ...state, notificationsSet }, parameters: [] };
  }
  const faults = state.faults + 1;
  const lastFault = { code, string: describe(fault), method: step.rpc.method, at: context.now };
  // A value write that failed may have named an instance the CPE no longer has: look again.
  const forget = step.purpose === "set" ? { instances: {}, fetched: [] } : {};
  // 9005 on AddObject: the table takes no new instances (fixed ones); the next try uses one.
  const refused =
    code === invalidParameterName && step.purpose === "add" && step.table !== undefined
      ? { addObjectRefused: union(state.addObjectRefused, [step.table]) }
      : {};
  return {
    state: {
      ...state,
      ...forget,
      ...refused,
      status: "faulted",
      faults,
      lastFault,
      retryAt: context.now + faultBackoffMs(faults, context.timing),
    },
    parameters: [],
  };
}

function requested(step: RpcStep): string[] {
  return step.rpc.method === "GetParameterValues" ? [...step.rpc.parameterNames] : [];
}

function listedPath(step: RpcStep): string[] {
  return step.rpc.method === "GetParameterNames" ? [step.rpc.parameterPath] : [];
}

function notified(step: RpcStep): string[] {
  if (step.rpc.method !== "SetParameterAttributes") return [];
  return step.rpc.parameterList.map((p) =>
    notificationKey({ name: p.name, notification: p.notification }),
  );
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** The fault string, with the per-parameter SetParameterValues faults (A.5.1) that say which. */
function describe(fault: Parameters<typeof faulted>[2]): string {
  const entries = (fault.setParameterValuesFault ?? [])
    .slice(0, 5)
    .map((entry) => `${entry.parameterName} ${entry.faultCode}`);
  const text =
    entries.length > 0 ? `${fault.faultString} (${entries.join(", ")})` : fault.faultString;
  return text.slice(0, 512);
}
