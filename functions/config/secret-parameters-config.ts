import {
  type SecretParameterPolicy,
  SecretPatternError,
  secretParameterPolicy,
} from "../core/model/secret-parameters.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";

/**
 * ACS_SECRET_PARAMETERS: the operator's secret parameters beyond the built-in TR-181/TR-098
 * password-type names, comma-separated (`X_ACME_Token,Device.X_ACME_Vpn.*.Key`; syntax in
 * core/model/secret-parameters.ts). Every process that shows, stores or queues parameter values
 * (CWMP endpoint, API, sender) reads the same variable. Default: none.
 */
export function readSecretParameterPolicy(env: EnvReader): SecretParameterPolicy {
  const text = env.optionalString("ACS_SECRET_PARAMETERS");
  const patterns = (text ?? "")
    .split(",")
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "");
  try {
    return secretParameterPolicy(patterns);
  } catch (error) {
    if (error instanceof SecretPatternError)
      throw new ConfigError("ACS_SECRET_PARAMETERS", error.message);
    throw error;
  }
}
