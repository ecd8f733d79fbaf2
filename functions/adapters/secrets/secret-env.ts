import { ConfigError } from "../../config/config-error.ts";
import type { SecretReader } from "./secrets-manager-reader.ts";

type Env = Record<string, string | undefined>;

/**
 * Resolves `<NAME>_ARN` variables from Secrets Manager into plain `<NAME>`
 * values at cold start, so configuration stays one typed read of the
 * environment. A JSON secret's fields map to several variables
 * (`{ "username": ..., "password": ... }` -> the names given).
 */
export async function resolveSecretEnv(
  env: Env,
  readSecret: SecretReader,
  secrets: readonly {
    readonly arnVariable: string;
    readonly fields: Readonly<Record<string, string>> | string;
  }[],
): Promise<Env> {
  const resolved: Env = { ...env };
  // Fetched in parallel: each is a round trip added to the cold start.
  const wanted = secrets.filter(({ arnVariable }) => env[arnVariable]?.trim());
  const texts = await Promise.all(
    wanted.map(({ arnVariable }) =>
      readNamed(readSecret, arnVariable, env[arnVariable]?.trim() ?? ""),
    ),
  );
  wanted.forEach(({ arnVariable, fields }, index) => {
    const text = texts[index] ?? "";
    if (typeof fields === "string") {
      resolved[fields] = text;
      return;
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
  });
  return resolved;
}

async function readNamed(
  readSecret: SecretReader,
  arnVariable: string,
  arn: string,
): Promise<string> {
  try {
    return await readSecret(arn);
  } catch (error) {
    // aws-lite names the error by the answer's `__type`, which may carry a namespace (`...#Code`).
    const name = error instanceof Error ? error.name : "error";
    throw new ConfigError(
      arnVariable,
      `secret cannot be read (${name.slice(name.lastIndexOf("#") + 1)})`,
    );
  }
}
