import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { ModelShape } from "../model/profile-state.ts";
import { inModel, type Knowledge } from "./model-evidence.ts";
import type { DesiredValue, Profile } from "./profile.ts";
import { contentHash } from "./profile-hash.ts";
import { type ProfileMemory, resolveObjects } from "./resolve-objects.ts";
import { secretFingerprint } from "./secret-fingerprint.ts";

export type { Knowledge } from "./model-evidence.ts";
export type { ProfileMemory } from "./resolve-objects.ts";

export type StepPurpose = "probe" | "fetch" | "add" | "set" | "notify";

/** The next step towards the profile's desired state (TR-069 A.3.2). */
export type ProfileStep =
  | {
      readonly kind: "converged";
      /** The model's variant, when the profile has optional parts or met fixed instances. */
      readonly shape?: ModelShape;
    }
  | { readonly kind: "not-applicable"; readonly reason: string }
  | {
      readonly kind: "rpc";
      readonly purpose: StepPurpose;
      readonly rpc: AcsMessage;
      /** For "add": the table an instance is added to, and the memory key of that instance. */
      readonly table?: string;
      readonly instanceKey?: string;
      /** For "set": the names whose values are secrets (never stored, fingerprinted). */
      readonly secretNames?: readonly string[];
    };

/**
 * The smallest next RPC, in this order: probe what the precondition needs
 * (required paths, precondition values) and prove the required paths exist;
 * fetch what is unknown (one GetParameterValues for every missing value and
 * table); learn the shape of instances whose values depend on it and whether
 * a table takes AddObject (GetParameterNames); create missing instances
 * (AddObject, parents before children); one SetParameterValues for every
 * value that differs; one SetParameterAttributes. Called again after each
 * reply with what it taught; "converged" when nothing is left.
 */
export function planProfile(
  profile: Profile,
  known: Knowledge,
  memory: ProfileMemory,
): ProfileStep {
  const isKnown = knownTest(known, memory);
  const condition = profile.precondition;
  // A required object is fetched whole once per generation: a few of its parameters known from
  // Informs say nothing of the others (SupportedConnReqMethods, say).
  const fetched = (path: string) =>
    memory.fetched.some((done) => done.endsWith(".") && path.startsWith(done));
  const required = profile.requires ?? [];
  const probe = [
    ...required.filter((path) => (path.endsWith(".") ? !fetched(path) : !isKnown(path))),
    ...Object.keys(condition.parameters ?? {}).filter((path) => !isKnown(path)),
  ];
  if (probe.length > 0) return getValues("probe", probe);
  const missing = required.filter((path) => !inModel(path, known));
  if (missing.length > 0) {
    return { kind: "not-applicable", reason: `not in the data model: ${missing.join(", ")}` };
  }
  const mismatch = preconditionMismatch(profile, known);
  if (mismatch !== undefined) return { kind: "not-applicable", reason: mismatch };
  const unknown = [
    ...profile.parameterValues.map((p) => p.name),
    ...profile.objects.map((o) => o.table),
  ].filter((path) => !isKnown(path));
  if (unknown.length > 0) return getValues("fetch", unknown);
  const key = profile.name.slice(0, 32);
  const resolved = resolveObjects(profile.objects, { prefix: "", known, memory, isKnown });
  if ("kind" in resolved) {
    if (resolved.kind === "fetch") return rpc("fetch", resolved.rpc);
    const add: AcsMessage = {
      method: "AddObject",
      objectName: resolved.table,
      parameterKey: addObjectKey(profile.name, resolved.instanceKey),
    };
    return { ...rpc("add", add), table: resolved.table, instanceKey: resolved.instanceKey };
  }
  const differing = [...profile.parameterValues, ...resolved.values].filter(
    (p) => !holds(p, known, memory),
  );
  if (differing.length > 0) {
    return {
      kind: "rpc",
      purpose: "set",
      rpc: {
        method: "SetParameterValues",
        parameterList: differing.map(({ name, value, type }) => ({ name, value, type })),
        parameterKey: key,
      },
      secretNames: differing.filter((p) => p.secret).map((p) => p.name),
    };
  }
  const notify = [...profile.notifications, ...resolved.notifications].filter(
    (n) => !memory.notificationsSet.includes(notificationKey(n)),
  );
  if (notify.length > 0) {
    return rpc("notify", {
      method: "SetParameterAttributes",
      parameterList: notify.map((n) => ({
        name: n.name,
        notificationChange: true,
        notification: n.notification,
        accessListChange: false,
        accessList: [],
      })),
    });
  }
  const { present, absent, fixed } = resolved.shape;
  const plain = present.length + absent.length + fixed.length === 0;
  return plain ? { kind: "converged" } : { kind: "converged", shape: { present, absent, fixed } };
}

export function notificationKey(n: { readonly name: string; readonly notification: number }) {
  return `${n.name}=${n.notification}`;
}

/** A desired value the device holds: equal value, or a secret this profile already set. */
function holds(p: DesiredValue, known: Knowledge, memory: ProfileMemory): boolean {
  if (p.secret) return memory.secretsApplied[p.name] === secretFingerprint(p.name, p.value);
  return known.get(p.name)?.value === p.value;
}

function preconditionMismatch(profile: Profile, known: Knowledge): string | undefined {
  for (const [name, value] of Object.entries(profile.precondition.parameters ?? {})) {
    if (known.get(name)?.value !== value) return `${name} is not "${value}"`;
  }
  for (const [name, item] of Object.entries(profile.precondition.parametersInclude ?? {})) {
    const list = known.get(name)?.value;
    if (list === undefined) continue; // absent from the model: nothing to check
    const items = list.split(",").map((entry) => entry.trim());
    if (!items.includes(item)) return `${name} does not include "${item}"`;
  }
  return undefined;
}

function getValues(purpose: "probe" | "fetch", names: readonly string[]): ProfileStep {
  return rpc(purpose, { method: "GetParameterValues", parameterNames: [...new Set(names)] });
}

function rpc(purpose: StepPurpose, message: AcsMessage): Extract<ProfileStep, { kind: "rpc" }> {
  return { kind: "rpc", purpose, rpc: message };
}

/**
 * A path counts as known once its value was learned, anything below it was
 * learned, or it (or an object above it) was fetched in this generation
 * (an empty table or a fresh instance has no values to learn).
 */
function knownTest(known: Knowledge, memory: ProfileMemory): (path: string) => boolean {
  return (path) => {
    const below = (fetched: string) => fetched.endsWith(".") && path.startsWith(fetched);
    if (memory.fetched.some((fetched) => path === fetched || below(fetched))) return true;
    if (!path.endsWith(".")) return known.get(path)?.value !== undefined;
    for (const name of known.keys())
      if (name.startsWith(path) && name.length > path.length) return true;
    return false;
  };
}

/**
 * An AddObject's ParameterKey (TR-069 A.3.2.6, at most 32 characters): the profile's name and
 * the instance it creates, so that a table needing several instances (BulkData
 * `Profile.{i}.Parameter.{i}`, one per reference) sends distinct RPCs, while the same instance
 * planned twice in a session is still the same RPC (sent-in-session.ts refuses it).
 */
function addObjectKey(profileName: string, instanceKey: string): string {
  return `${profileName.slice(0, 23)}.${contentHash(instanceKey).slice(0, 8)}`;
}
