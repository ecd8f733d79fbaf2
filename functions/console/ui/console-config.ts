/** The hosted UI and app client of a console deployed with Cognito (lib/constructs/operator-console.ts). */
export interface CognitoSettings {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly domain: string;
  readonly clientId: string;
  readonly region: string;
}

/**
 * `console-config.json`, next to the page: how the console signs in and where the API is.
 * Locally a bearer token and `/api`; in AWS Cognito and `/console-api`.
 */
export type ConsoleConfig =
  | { readonly auth: "token"; readonly apiBase: string }
  | { readonly auth: "cognito"; readonly apiBase: string; readonly cognito: CognitoSettings };

/** `console-config.json` is missing or not of either shape. */
export class ConsoleConfigError extends Error {
  override readonly name = "ConsoleConfigError";
}

/** Checks the parsed file's shape, so a bad deployment is named at start, not as odd failures later. */
export function parseConsoleConfig(raw: unknown): ConsoleConfig {
  const value = (raw ?? {}) as Record<string, unknown>;
  if (typeof value.apiBase !== "string") throw new ConsoleConfigError("apiBase must be a string");
  if (value.auth === "token") return { auth: "token", apiBase: value.apiBase };
  if (value.auth !== "cognito") throw new ConsoleConfigError('auth must be "token" or "cognito"');
  const cognito = (value.cognito ?? {}) as Record<string, unknown>;
  const { domain, clientId, region } = cognito;
  if (typeof domain !== "string" || !domain.startsWith("https://")) {
    throw new ConsoleConfigError("cognito.domain must be an https:// URL");
  }
  if (typeof clientId !== "string" || typeof region !== "string") {
    throw new ConsoleConfigError("cognito.clientId and cognito.region must be strings");
  }
  return { auth: "cognito", apiBase: value.apiBase, cognito: { domain, clientId, region } };
}
