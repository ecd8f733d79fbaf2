import { type Role, roles } from "../api/role-policy.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";

/** A local bearer token and the role it carries (ACS_API_TOKEN: admin; ACS_API_ROLE_TOKENS). */
export interface RoleToken {
  readonly role: Role;
  readonly token: string;
}

const variable = "ACS_API_ROLE_TOKENS";

/**
 * ACS_API_ROLE_TOKENS, `viewer=<token>,operator=<token>`: local bearer tokens with lesser roles
 * than ACS_API_TOKEN's admin, to try the roles locally. Unset: none.
 */
export function readApiRoleTokens(env: EnvReader, adminToken: string): RoleToken[] {
  const text = env.optionalString(variable);
  if (text === undefined) return [];
  const tokens = text.split(",").map((entry) => parseEntry(entry.trim()));
  const seen = new Set<string>();
  for (const { token } of [{ token: adminToken }, ...tokens]) {
    if (seen.has(token))
      throw new ConfigError(
        variable,
        "each token must differ from the others and from ACS_API_TOKEN",
      );
    seen.add(token);
  }
  return tokens;
}

function parseEntry(entry: string): RoleToken {
  const at = entry.indexOf("=");
  const role = entry.slice(0, at).trim();
  const token = entry.slice(at + 1).trim();
  if (at < 0 || !isRole(role) || token === "")
    throw new ConfigError(
      variable,
      `"${at < 0 ? entry : role}=…" is not <role>=<token> with a role of ${roles.join(", ")}, e.g. viewer=v-secret,operator=o-secret`,
    );
  return { role, token };
}

function isRole(name: string): name is Role {
  return (roles as readonly string[]).includes(name);
}
