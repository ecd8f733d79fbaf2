import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfigError } from "../../config/config-error.ts";

type Env = Record<string, string | undefined>;

/**
 * Resolves `<NAME>_ARN` variables from Secrets Manager into plain `<NAME>`
 * values at cold start, so configuration stays one typed read of the
 * environment. A JSON secret's fields map to several variables
 * (`{ "username": ..., "password": ... }` -> the names given).
 */
export async function resolveSecretEnv(
  env: Env,
  client: SecretsManagerClient,
  secrets: readonly {
    readonly arnVariable: string;
    readonly fields: Readonly<Record<string, string>> | string;
  }[],
): Promise<Env> {
  const resolved: Env = { ...env };
  for (const { arnVariable, fields } of secrets) {
    const arn = env[arnVariable]?.trim();
    if (!arn) continue;
    let text: string;
    try {
      const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      text = secret.SecretString ?? "";
    } catch (error) {
      throw new ConfigError(
        arnVariable,
        `secret cannot be read (${error instanceof Error ? error.name : "error"})`,
      );
    }
    if (typeof fields === "string") {
      resolved[fields] = text;
      continue;
    }
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ConfigError(arnVariable, "secret is not JSON");
    }
    for (const [field, variable] of Object.entries(fields)) {
      if (typeof value[field] !== "string")
        throw new ConfigError(arnVariable, `secret has no string field "${field}"`);
      resolved[variable] = value[field];
    }
  }
  return resolved;
}
