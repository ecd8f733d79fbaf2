import type { DeviceRecord } from "../../core/model/device.ts";
import type { ProfileState } from "../../core/model/profile-state.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { matchesDevice } from "../../core/provisioning/match-precondition.ts";
import { type ProfileStep, planProfile } from "../../core/provisioning/plan-profile.ts";
import type { Profile } from "../../core/provisioning/profile.ts";
import { contentHash, type SecretDigest } from "../../core/provisioning/profile-hash.ts";
import { dueState, type ProfileTiming, quietUntil } from "../../core/provisioning/profile-state.ts";
import { alreadySent, recordSent, repeatedRpc } from "../../core/provisioning/sent-in-session.ts";
import { assertNever } from "../../core/session/assert-never.ts";
import { DeviceNotFoundError } from "../../port-errors.ts";
import { profileSecretDigest } from "../../tasks/profile-secrets.ts";
import { queueTask } from "../../tasks/queue-task.ts";
import type { SessionDeps } from "../session-deps.ts";
import { deviceProfiles } from "./device-profiles.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";
import { requestXmppAccount } from "./request-xmpp-account.ts";
import { sessionKnowledge } from "./session-knowledge.ts";

export type RpcStep = Extract<ProfileStep, { kind: "rpc" }>;

/** The profiles' next RPC, or none; with the device as the profiles left it (memory, secrets). */
export interface ProfileTurn {
  readonly step?: { readonly profile: string; readonly rpc: RpcStep };
  readonly device: DeviceRecord;
  readonly settled: readonly string[];
  /** One-shot tasks queued now, to run in this session after the profiles. */
  readonly newTaskIds: readonly string[];
  /**
   * With no step: until when no profile can fall due in a periodic session (0: one may be due
   * now). Stored with the session's close as the device's quiet period (idle-at-inform.ts).
   */
  readonly quietUntil: number;
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
    return { device: initial, settled, newTaskIds, quietUntil: 0 };
  }
  const { entries, device: withSecrets } = await deviceProfiles(deps, initial, now);
  const secretDigest = profileSecretDigest(deps.taskSecrets?.sealer);
  let device = withSecrets;
  const knowledge = sessionKnowledge(deps.provisioning.knowledge, deps.parameters, device, session);
  // A profile waiting on an event may match the next periodic session's events.
  let quiet = now + deps.provisioning.timing.recheckMs;
  const quietFor = (profile: Profile, hash: string) => {
    const state = device.provisioning?.[profile.name];
    const generation = device.parameterGeneration;
    const until = profile.precondition.events?.length
      ? 0
      : quietUntil(state, { generation, hash, timing: deps.provisioning.timing });
    quiet = Math.min(quiet, until);
  };
  for (const { profile, hash } of entries) {
    if (settled.includes(profile.name)) {
      quietFor(profile, hash);
      continue;
    }
    if (!matchesDevice(profile.precondition, device, session.events)) {
      if (profile.precondition.events?.length) quiet = 0;
      continue;
    }
    const due = dueState(device.provisioning?.[profile.name], {
      generation: device.parameterGeneration,
      hash,
      events: session.events,
      now,
      timing: deps.provisioning.timing,
    });
    if (!due) {
      quietFor(profile, hash);
      continue;
    }
    const known = await knowledge.knowledge(profile);
    const planned = planProfile(profile, known, due);
    const step: PlannedStep =
      planned.kind === "rpc" && alreadySent(due, planned.rpc, session.id, secretDigest)
        ? { kind: "repeated", rpc: planned }
        : planned;
    let state = settle(due, step, {
      now,
      sessionId: session.id,
      timing: deps.provisioning.timing,
      secretDigest,
    });
    // Past the probe the planner has proven the required objects exist (XMPP. for the built-in
    // profile): only then may the sender create an account for the device.
    if (appliesNow(step)) {
      state = await queueOneShotTasks(deps, device, profile, state, newTaskIds, now);
      device = await requestXmppAccount(deps, {
        session,
        device,
        initial,
        profile: profile.name,
        now,
      });
    }
    const before = device.provisioning?.[profile.name];
    device = withState(device, profile.name, state);
    if (step.kind === "rpc") {
      // Sent with the session's save (next-rpc.ts counts it): its reply finds the copy at that count.
      knowledge.keep((session.profileRpcs ?? 0) + 1);
      const rpcStep = { profile: profile.name, rpc: step };
      return { step: rpcStep, device, settled, newTaskIds, quietUntil: 0 };
    }
    settled.push(profile.name);
    logSettled(deps, device.id, profile.name, { before, after: state });
    quietFor(profile, hash);
  }
  return { device, settled, newTaskIds, quietUntil: quiet };
}

/** A step that acts on the device as one the profile applies to (not a probe, not a verdict). */
function appliesNow(step: PlannedStep): boolean {
  if (step.kind === "rpc") return step.purpose !== "probe";
  return step.kind === "converged";
}

/** The planner's step, or the RPC it asked for again in this session (never sent twice). */
type PlannedStep = ProfileStep | { readonly kind: "repeated"; readonly rpc: RpcStep };

function settle(
  state: ProfileState,
  step: PlannedStep,
  context: {
    readonly now: number;
    readonly sessionId: string;
    readonly timing: ProfileTiming;
    readonly secretDigest: SecretDigest;
  },
): ProfileState {
  const { now } = context;
  switch (step.kind) {
    case "rpc":
      return recordSent(
        { ...state, status: "pending", updatedAt: now },
        step.rpc,
        context.sessionId,
        context.secretDigest,
      );
    case "repeated":
      return repeatedRpc(state, step.rpc.rpc, context);
    case "converged": {
      const { lastFault: _f, retryAt: _r, reason: _why, shape: _s, ...rest } = state;
      const shape = step.shape && { shape: step.shape };
      return {
        ...rest,
        ...shape,
        status: "converged",
        convergedAt: now,
        faults: 0,
        updatedAt: now,
      };
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
  const queueDeps = { ...deps, taskDefaults: deps.provisioning.taskDefaults };
  for (const spec of profile.tasks) {
    const queued = await queueTask(queueDeps, {
      deviceId: device.id,
      spec,
      now,
      origin: { profile: profile.name },
    });
    // A device is not removed while its session is live; should it be gone, fail as a store would.
    if (queued.kind !== "created") throw new DeviceNotFoundError(device.id);
    newTaskIds.push(queued.task.id);
  }
  return { ...state, tasksQueued: digest };
}

/**
 * A verdict is logged when it is new (a profile converging again on every
 * BOOT is not news): "not applicable" once, at info, when it becomes known;
 * a repeated RPC as a warning.
 */
function logSettled(
  deps: SessionDeps,
  deviceId: string,
  profile: string,
  change: { readonly before?: ProfileState; readonly after: ProfileState },
): void {
  const { before, after } = change;
  const fields = { deviceId, profile, status: after.status };
  if (after.status === "faulted") {
    deps.logger.warn("profile faulted", { ...fields, fault: after.lastFault?.string });
    return;
  }
  if (after.status === "not-applicable") {
    // The reason outlives the re-probe of a recheck: the same verdict again is not news.
    if (before?.reason === after.reason) return;
    deps.logger.info("profile not applicable", { ...fields, reason: after.reason });
    return;
  }
  if (before?.status !== after.status) deps.logger.info("profile settled", fields);
}
