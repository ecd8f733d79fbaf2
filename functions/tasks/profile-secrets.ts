import {
  isSecretParameter,
  maskedValue,
  parameterSecretContext,
  type SecretParameterPolicy,
} from "../core/model/secret-parameters.ts";
import type { TaskSpec } from "../core/model/task.ts";
import type { DesiredValue, Profile } from "../core/provisioning/profile.ts";
import { maskSecretDigest, type SecretDigest } from "../core/provisioning/profile-hash.ts";
import { mapProfileValues, profileValues } from "../core/provisioning/profile-secrets.ts";
import { SecretUnreadableError } from "../port-errors.ts";
import type { SecretSealer } from "../ports.ts";
import {
  MaskedSecretValueError,
  SecretsKeyMissingError,
  sealTaskSecrets,
  type TaskSecrets,
} from "./task-secrets.ts";

/**
 * The profile as it may be stored: every secret value (secret-parameters.ts) sealed and marked
 * `secret` (the planner then never compares it with what the CPE reads back), its one-shot
 * SetParameterValues tasks sealed like queued tasks. A secret sent back as "********" (a GET
 * edited and PUT back) keeps the value sealed at the same place in `stored`. Throws
 * SecretsKeyMissingError (no key) or MaskedSecretValueError (masked with nothing to keep).
 */
export function sealProfileSecrets(
  secrets: TaskSecrets,
  profile: Profile,
  stored: Profile | undefined,
): Profile {
  const isSecret = (v: DesiredValue) =>
    isSecretParameter(v.name, secrets.policy) || v.secret === true;
  const kept = new Map(
    stored ? profileValues(stored, (v) => v.sealed === true).map((f) => [f.location, f.value]) : [],
  );
  const { sealer } = secrets;
  const secretNames = profileValues(profile, isSecret).map(({ value }) => value.name);
  if (secretNames.length > 0 && !sealer) throw new SecretsKeyMissingError(secretNames);
  const sealed = mapProfileValues(profile, isSecret, (value, location) => {
    if (value.value !== maskedValue) return sealValue(value, sealer as SecretSealer);
    const previous = kept.get(location);
    if (previous === undefined || previous.name !== value.name)
      throw new MaskedSecretValueError(value.name);
    return { ...previous, type: value.type };
  });
  return {
    ...sealed,
    ...(profile.tasks && {
      tasks: profile.tasks.map((task: TaskSpec) => sealTaskSecrets(secrets, task)),
    }),
  };
}

function sealValue(value: DesiredValue, sealer: SecretSealer): DesiredValue {
  return {
    ...value,
    value: sealer.seal(value.value, parameterSecretContext(value.name)),
    secret: true,
    sealed: true,
  };
}

/**
 * The profile as sessions plan with it: sealed values opened, and every secret marked `secret`
 * (also one stored before sealing existed): the parameter store holds secrets masked, so the
 * planner must never compare them. Throws SecretUnreadableError (no key, or another key sealed
 * them).
 */
export function openProfileSecrets(
  profile: Profile,
  sealer: SecretSealer | undefined,
  policy: SecretParameterPolicy,
): Profile {
  return mapProfileValues(
    profile,
    (v) => v.sealed === true || isSecretParameter(v.name, policy),
    ({ sealed, ...value }) => {
      if (!sealed) return { ...value, secret: true };
      const context = parameterSecretContext(value.name);
      if (!sealer) throw new SecretUnreadableError(context);
      return { ...value, value: sealer.open(value.value, context), secret: true };
    },
  );
}

/**
 * How digests kept in the device item (profile memory, RPCs sent in a session) see secret
 * values: keyed fingerprints (HMAC under a subkey of the current sealing key), deterministic
 * under one key; without a key, left out.
 */
export function profileSecretDigest(sealer: SecretSealer | undefined): SecretDigest {
  if (!sealer) return maskSecretDigest;
  return (value, name) => sealer.fingerprint(value, parameterSecretContext(name));
}
