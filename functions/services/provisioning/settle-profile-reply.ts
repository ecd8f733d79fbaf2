import type { CpeMessage } from "../../core/cwmp/cpe-messages.ts";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { InflightProfileRpc, SessionState } from "../../core/model/session-state.ts";
import { applyProfileReply } from "../../core/provisioning/apply-profile-reply.ts";
import { crCredentialsProfileName } from "../../core/provisioning/cr-credentials-profile.ts";
import { deviceRoot } from "../../core/provisioning/match-precondition.ts";
import { planProfile } from "../../core/provisioning/plan-profile.ts";
import { xmppProfileName } from "../../core/provisioning/xmpp-profile.ts";
import type { SessionDeps } from "../session-deps.ts";
import { deviceProfiles } from "./device-profiles.ts";
import { withState } from "./next-profile-rpc.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";
import { sessionKnowledge } from "./session-knowledge.ts";

export interface SettledReply {
  readonly device: DeviceRecord;
  /** The profile, when this reply settled it for the session (faulted, not applicable). */
  readonly settled?: string;
}

/**
 * The CPE answered a profile's RPC. The step that was sent is planned again
 * from the same memory and knowledge (nothing else wrote them while this
 * session held the lease), so the session record never carries the values,
 * passwords included; then the reply is applied to the profile's memory and
 * what it taught is stored. The knowledge is the session's (session-knowledge.ts):
 * read once per session where the instance kept it, and handed on with what
 * this reply stored to the profiles' next turn.
 */
export async function settleProfileReply(
  deps: SessionDeps & { readonly provisioning: ProvisioningDeps },
  session: Pick<SessionState, "id" | "profileRpcs">,
  device: DeviceRecord,
  inflight: InflightProfileRpc,
  reply: CpeMessage,
): Promise<SettledReply> {
  const now = deps.clock.now();
  const { entries } = await deviceProfiles(deps, device, now);
  const entry = entries.find((candidate) => candidate.profile.name === inflight.profile);
  const state = device.provisioning?.[inflight.profile];
  if (!entry || !state) {
    deps.logger.warn("reply for a profile that is gone", {
      deviceId: device.id,
      profile: inflight.profile,
    });
    return { device };
  }
  const knowledge = sessionKnowledge(deps.provisioning.knowledge, deps.parameters, device, session);
  const known = await knowledge.knowledge(entry.profile);
  const step = planProfile(entry.profile, known, state);
  if (
    step.kind !== "rpc" ||
    step.purpose !== inflight.purpose ||
    step.rpc.method !== inflight.method
  ) {
    deps.logger.warn("profile changed while its RPC was in flight", {
      deviceId: device.id,
      profile: inflight.profile,
    });
    return { device };
  }
  const effect = applyProfileReply(state, step, reply, { now, timing: deps.provisioning.timing });
  if (effect.parameters.length > 0) {
    // Merged here with what was just loaded (writability kept), so the store writes whole items
    // in batches: one BatchWriteItem per 25 values instead of one UpdateItem each.
    const merged = effect.parameters.map((p) => ({ ...known.get(p.name), ...p }));
    await deps.parameters.putParameters(device.id, device.parameterGeneration, merged, {
      fresh: true,
    });
    knowledge.remember(merged);
  }
  // The reply settles nothing the session counts: the profiles' turn in this exchange finds it.
  knowledge.keep(session.profileRpcs ?? 0);
  let next = withState(device, inflight.profile, effect.state);
  if (builtInProfiles.includes(inflight.profile) && reply.method === "SetParameterValuesResponse") {
    next = confirmCrCredentials(next, step.secretNames ?? []);
  }
  const fields = { deviceId: device.id, profile: inflight.profile, status: effect.state.status };
  if (effect.state.status === "faulted") {
    // Any fault settles the profile for the session; its back-off says when to look again.
    deps.logger.warn("profile faulted", {
      ...fields,
      fault: effect.state.lastFault?.code,
      method: effect.state.lastFault?.method,
      retryAt: effect.state.retryAt,
    });
    return { device: next, settled: inflight.profile };
  }
  if (effect.state.status === "not-applicable") {
    // Said once, when it becomes known: a recheck that finds the same is not news.
    if (state.reason !== effect.state.reason) {
      deps.logger.info("profile not applicable", { ...fields, reason: effect.state.reason });
    }
    return { device: next, settled: inflight.profile };
  }
  return { device: next };
}

/** The built-in profiles that may set the per-device CR password. */
const builtInProfiles: readonly string[] = [crCredentialsProfileName, xmppProfileName];

/** The CPE took the per-device CR password: from now on the sender uses it (this generation). */
function confirmCrCredentials(device: DeviceRecord, secretNames: readonly string[]): DeviceRecord {
  const root = deviceRoot(device);
  const secrets = device.crSecrets;
  if (!secrets || !secretNames.includes(`${root}ManagementServer.ConnectionRequestPassword`)) {
    return device;
  }
  return { ...device, crSecrets: { ...secrets, confirmedGeneration: device.parameterGeneration } };
}
