import type { XsdType } from "../core/cwmp/xsd-type.ts";
import {
  builtInSecretPolicy,
  isSecretParameter,
  maskedValue,
  parameterSecretContext,
  type SecretParameterPolicy,
  transferPasswordContext,
} from "../core/model/secret-parameters.ts";
import type { TaskSpec } from "../core/model/task.ts";
import type { SecretOpener } from "../core/session/task-rpc.ts";
import { SecretUnreadableError } from "../port-errors.ts";
import type { SecretSealer } from "../ports.ts";

/**
 * What keeps secret parameter values out of task records: which names are secrets, and the
 * sealer (ACS_SECRETS_KEY); without a sealer secret values are refused, never stored in clear.
 */
export interface TaskSecrets {
  readonly policy: SecretParameterPolicy;
  readonly sealer?: SecretSealer;
}

/** A secret value was given but no sealing key is configured: it is refused, not stored. */
export class SecretsKeyMissingError extends Error {
  override readonly name = "SecretsKeyMissingError";
  constructor(readonly parameters: readonly string[]) {
    super(
      `${parameters.join(", ")} ${parameters.length > 1 ? "are secrets" : "is a secret"}: ` +
        "the ACS stores secret values only sealed; configure ACS_SECRETS_KEY",
    );
  }
}

/**
 * A secret value that is the mask itself: copied from a view, it would set the CPE's password
 * to "********".
 */
export class MaskedSecretValueError extends Error {
  override readonly name = "MaskedSecretValueError";
  constructor(readonly parameter: string) {
    super(`${parameter}: "${maskedValue}" is how the ACS shows a secret; give the real value`);
  }
}

/** The field a transfer password is given in, as errors name it. */
const transferPasswordField = "password";

/**
 * The spec as it may be stored: SetParameterValues' secret values move to `sealedValues`, and
 * a Download/Upload password (TR-069 A.3.2.8, A.4.1.5) to `sealedPassword`, sealed. Already
 * sealed values are kept, so a campaign's or profile's sealed spec passes through. Throws
 * SecretsKeyMissingError or MaskedSecretValueError; nothing else changes.
 */
export function sealTaskSecrets(secrets: TaskSecrets | undefined, spec: TaskSpec): TaskSpec {
  switch (spec.name) {
    case "setParameterValues":
      return sealParameterValues(secrets, spec);
    case "download": {
      const { password, ...rest } = spec;
      const sealedPassword = sealTransferPassword(secrets, spec.url ?? "", password);
      return sealedPassword === undefined ? spec : { ...rest, sealedPassword };
    }
    case "upload":
    case "scheduleDownload": {
      const { password, ...rest } = spec;
      const sealedPassword = sealTransferPassword(secrets, spec.url ?? "", password);
      return sealedPassword === undefined ? spec : { ...rest, sealedPassword };
    }
    case "changeDUState":
      // Install and Update carry the DU server's password (TR-069 A.4.1.10), sealed the same way.
      return {
        ...spec,
        operations: spec.operations.map((op) => {
          if (op.type === "uninstall") return op;
          const { password, ...rest } = op;
          const sealedPassword = sealTransferPassword(secrets, op.url ?? "", password);
          return sealedPassword === undefined ? op : { ...rest, sealedPassword };
        }),
      };
    default:
      return spec;
  }
}

type SetValuesSpec = Extract<TaskSpec, { name: "setParameterValues" }>;

function sealParameterValues(secrets: TaskSecrets | undefined, spec: SetValuesSpec): TaskSpec {
  const policy = secrets?.policy ?? builtInSecretPolicy;
  const secret = spec.parameterValues.filter(([name]) => isSecretParameter(name, policy));
  if (secret.length === 0) return spec;
  const masked = secret.find(([, value]) => value === maskedValue);
  if (masked) throw new MaskedSecretValueError(masked[0]);
  const sealer = secrets?.sealer;
  if (!sealer) throw new SecretsKeyMissingError(secret.map(([name]) => name));
  const sealed = secret.map(([name, value, type]): readonly [string, string, XsdType?] => {
    const text = sealer.seal(value, parameterSecretContext(name));
    return type === undefined ? [name, text] : [name, text, type];
  });
  return {
    ...spec,
    parameterValues: spec.parameterValues.filter(([name]) => !isSecretParameter(name, policy)),
    sealedValues: [...(spec.sealedValues ?? []), ...sealed],
  };
}

/**
 * A transfer password sealed, bound to the file server's URL; undefined when there is nothing
 * to seal: none, or "" (no password, A.3.2.8), which reveals nothing.
 */
function sealTransferPassword(
  secrets: TaskSecrets | undefined,
  url: string,
  password: string | undefined,
): string | undefined {
  if (password === undefined || password === "") return undefined;
  if (password === maskedValue) throw new MaskedSecretValueError(transferPasswordField);
  if (!secrets?.sealer) throw new SecretsKeyMissingError([transferPasswordField]);
  return secrets.sealer.seal(password, transferPasswordContext(url));
}

/**
 * The spec as an Idempotency-Key's request hash sees it: secret values (and a transfer
 * password) replaced by their keyed fingerprints, so the binding can tell two requests apart
 * without holding a digest of the secret that could be guessed offline. Call after
 * sealTaskSecrets accepted the spec.
 */
export function fingerprintTaskSecrets(secrets: TaskSecrets | undefined, spec: TaskSpec): TaskSpec {
  const sealer = secrets?.sealer;
  if (!sealer) return spec;
  switch (spec.name) {
    case "setParameterValues":
      return fingerprintParameterValues(secrets.policy, sealer, spec);
    case "changeDUState":
      return {
        ...spec,
        operations: spec.operations.map((op) =>
          op.type === "uninstall" || !op.password
            ? op
            : {
                ...op,
                password: sealer.fingerprint(op.password, transferPasswordContext(op.url ?? "")),
              },
        ),
      };
    case "download":
    case "upload":
    case "scheduleDownload":
      if (!spec.password) return spec;
      return {
        ...spec,
        password: sealer.fingerprint(spec.password, transferPasswordContext(spec.url ?? "")),
      };
    default:
      return spec;
  }
}

function fingerprintParameterValues(
  policy: SecretParameterPolicy,
  sealer: SecretSealer,
  spec: SetValuesSpec,
): TaskSpec {
  return {
    ...spec,
    parameterValues: spec.parameterValues.map(([name, value, type]) => {
      if (!isSecretParameter(name, policy))
        return type === undefined ? [name, value] : [name, value, type];
      const digest = sealer.fingerprint(value, parameterSecretContext(name));
      return type === undefined ? [name, digest] : [name, digest, type];
    }),
  };
}

/**
 * Opens a task's sealed values for its RPC (rpcForTask), each under the context rpcForTask
 * names. Without a sealer every sealed value throws SecretUnreadableError, as a value sealed
 * with another key does.
 */
export function taskSecretOpener(secrets: TaskSecrets | undefined): SecretOpener {
  return (sealed, context) => {
    if (!secrets?.sealer) throw new SecretUnreadableError(context);
    return secrets.sealer.open(sealed, context);
  };
}
