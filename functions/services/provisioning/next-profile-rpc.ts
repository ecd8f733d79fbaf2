import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import type { TaskRecord } from "../../core/model/task.ts";
import { matchesDevice } from "../../core/provisioning/match-precondition.ts";
import { type ProfileStep, planProfile } from "../../core/provisioning/plan-profile.ts";
import type { Profile } from "../../core/provisioning/profile.ts";
import { contentHash } from "../../core/provisioning/profile-hash.ts";
import { dueState, type ProfileState } from "../../core/provisioning/profile-state.ts";
import { assertNever } from "../../core/session/assert-never.ts";
import type { SessionDeps } from "../session-deps.ts";
import { deviceProfiles } from "./device-profiles.ts";
import { loadKnowledge } from "./load-knowledge.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";
import { requestXmppAccount } from "./request-xmpp-account.ts";

export type RpcStep = Extract<ProfileStep, { kind: "rpc" }>;

/** The profiles' next RPC, or none; with the device as the profiles left it (memory, secrets). */
export interface ProfileTurn {
  readonly step?: { readonly profile: string; readonly rpc: RpcStep };
  readonly device: DeviceRecord;
  readonly settled: readonly string[];
  /** One-shot tasks queued now, to run in this session after the profiles. */
  readonly newTaskIds: readonly string[];
}

/**
 * The ACS has the floor: walk the device's profiles (built-in first) and
 * return the first RPC one of them needs. Profiles that are settled, not
 * due, or whose precondition fails cost nothing; converged or inapplicable
 * ones are noted and skipped for the rest of the session.
 */
export async function nextProfileRpc(
  deps: SessionDeps & { readonly provisioning: ProvisioningDeps },
  session: SessionState,
  initial: DeviceRecord,
): Promise<ProfileTurn> {
  const now = deps.clock.now();
  const settled = [...(session.settledProfiles ?? [])];
  const newTaskIds: string[] = [];
  if ((session.profileRpcs ?? 0) >= deps.provisioning.maxRpcsPerSession) {
    return { device: initial, settled, newTaskIds };
  }
  const { entries, device: withSecrets } = await deviceProfiles(deps, initial, now);
  let device = withSecrets;
  for (const { profile, hash } of entries) {
    if (settled.includes(profile.name)) continue;
    if (!matchesDevice(profile.precondition, device, session.events)) continue;
    const due = dueState(device.provisioning?.[profile.name], {
      generation: device.parameterGeneration,
      hash,
      events: session.events,
      now,
      timing: deps.provisioning.timing,
    });
    if (!due) continue;
    const known = await loadKnowledge(deps.parameters, device, profile);
    const step = planProfile(profile, known, due);
    let state = settle(due, step, now);
    if (step.kind !== "not-applicable" && !(step.kind === "rpc" && step.purpose === "probe")) {
      state = await queueOneShotTasks(deps, device, profile, state, newTaskIds, now);
      device = await requestXmppAccount(deps, {
        session,
        device,
        initial,
        profile: profile.name,
        now,
      });
    }
    device = withState(device, profile.name, state);
    if (step.kind === "rpc")
      return { step: { profile: profile.name, rpc: step }, device, settled, newTaskIds };
    settled.push(profile.name);
    deps.logger.info("profile settled", {
      deviceId: device.id,
      profile: profile.name,
      status: state.status,
    });
  }
  return { device, settled, newTaskIds };
}

function settle(state: ProfileState, step: ProfileStep, now: number): ProfileState {
  switch (step.kind) {
    case "rpc":
      return { ...state, status: "pending", updatedAt: now };
    case "converged": {
      const { lastFault: _f, retryAt: _r, reason: _why, ...rest } = state;
      return { ...rest, status: "converged", convergedAt: now, faults: 0, updatedAt: now };
    }
    case "not-applicable":
      return { ...state, status: "not-applicable", reason: step.reason, updatedAt: now };
    default:
      return assertNever(step);
  }
}

export function withState(device: DeviceRecord, name: string, state: ProfileState): DeviceRecord {
  return { ...device, provisioning: { ...device.provisioning, [name]: state } };
}

/** A profile's one-shot tasks, queued the first time it applies in a generation (again if edited). */
async function queueOneShotTasks(
  deps: SessionDeps & { readonly provisioning: ProvisioningDeps },
  device: DeviceRecord,
  profile: Profile,
  state: ProfileState,
  newTaskIds: string[],
  now: number,
): Promise<ProfileState> {
  if (!profile.tasks?.length) return state;
  const digest = contentHash(profile.tasks);
  if (state.tasksQueued === digest) return state;
  for (const spec of profile.tasks) {
    const task: TaskRecord = {
      id: deps.ids.sortableId(now),
      deviceId: device.id,
      spec,
      status: "pending",
      createdAt: now,
      updatedAt: now,
      expiresAt: now + deps.provisioning.taskLifetimeMs,
      attempts: 0,
      maxAttempts: 3,
      profile: profile.name,
    };
    await deps.tasks.createTask(task);
    newTaskIds.push(task.id);
  }
  return { ...state, tasksQueued: digest };
}
