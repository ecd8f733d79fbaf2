import type { TaskRecord } from "./task.ts";

/**
 * Which parameters hold secrets: the one place that decides it. A secret's value is never shown
 * (API views, events, logs) and is stored only sealed where it must be sent again.
 *
 * TR-181 (and TR-098, TR-104) mark these parameters `hidden` (later `secured`, TR-106 A.2.7.1):
 * a CPE reads them back as "" (TR-069 A.3.2.1). They are recognised by the last segment of the
 * name, e.g. Device.WiFi.AccessPoint.{i}.Security.KeyPassphrase / PreSharedKey / WEPKey /
 * SAEPassphrase / RadiusSecret, Device.ManagementServer.ConnectionRequestPassword / Password /
 * STUNPassword, Device.PPP.Interface.{i}.Password, Device.XMPP.Connection.{i}.Password,
 * Device.Users.User.{i}.Password, Device.MoCA.Interface.{i}.KeyPassphrase,
 * Device.HomePlug.Interface.{i}.NetworkPassword, Device.UPA.Interface.{i}.EncryptionKey,
 * Device.IEEE8021x.Supplicant.{i}.EAPMD5.SharedSecret, TR-104 SIP AuthPassword, TR-098
 * InternetGatewayDevice.LANDevice.{i}.WLANConfiguration.{i}.PreSharedKey.{i}.PreSharedKey and
 * .WEPKey.{i}.WEPKey, LANConfigSecurity.ConfigPassword, and vendor X_..._Password.
 */
const builtInSecretSegment = /(?:Password|Passphrase|PreSharedKey|WEPKey|EncryptionKey|Secret)$/;

/** What a secret value is shown as. */
export const maskedValue = "********";

/** Secrets beyond the built-in names, from the operator (ACS_SECRET_PARAMETERS). */
export interface SecretParameterPolicy {
  readonly extra: readonly RegExp[];
}

export const builtInSecretPolicy: SecretParameterPolicy = { extra: [] };

/** A pattern of the operator's list that cannot be used. */
export class SecretPatternError extends Error {
  override readonly name = "SecretPatternError";
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`secret parameter pattern "${pattern}" ${reason}`);
  }
}

/**
 * Compiles the operator's patterns. A pattern without "." names the last segment of a parameter
 * (`X_ACME_Token`); one with "." names the whole path (`Device.X_ACME_Vpn.*.Token`). `*` stands
 * for any characters within one segment (an instance number, a vendor prefix: `X_*_Pin`).
 */
export function secretParameterPolicy(patterns: readonly string[]): SecretParameterPolicy {
  return { extra: patterns.map(compilePattern) };
}

function compilePattern(pattern: string): RegExp {
  if (!/^[A-Za-z0-9_.*-]+$/.test(pattern))
    throw new SecretPatternError(pattern, "may hold only letters, digits, _ - . and *");
  if (pattern.endsWith("."))
    throw new SecretPatternError(pattern, "names an object: name its parameters");
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.-]/g, (c) => `\\${c}`))
    .join("[^.]*");
  return pattern.includes(".") ? new RegExp(`^${body}$`) : new RegExp(`(?:^|\\.)${body}$`);
}

/** True when the parameter's value is a secret (built-in names or the operator's patterns). */
export function isSecretParameter(name: string, policy: SecretParameterPolicy): boolean {
  if (name.endsWith(".")) return false; // an object, not a parameter
  const segment = name.slice(name.lastIndexOf(".") + 1);
  return builtInSecretSegment.test(segment) || policy.extra.some((re) => re.test(name));
}

/**
 * What a sealed parameter value is bound to (AEAD associated data): its parameter name, so it
 * does not open as another parameter. Not the device: a campaign's or profile's sealed value is
 * copied into every device's task.
 */
export function parameterSecretContext(parameterName: string): string {
  return `parameter#${parameterName}`;
}

/**
 * What a sealed Download/Upload password (TR-069 A.3.2.8, A.4.1.5) is bound to: the file
 * server's URL, so the password opens only to be sent for the server it was given for (a sealed
 * value copied onto a task naming another server does not open). Not the device: a campaign's
 * sealed password is copied into every device's task.
 */
export function transferPasswordContext(url: string): string {
  return `transfer-password#${url}`;
}

/** True when `value` of `name` must be shown masked: a secret's value, unless empty (a CPE reads secrets back as "", which reveals nothing). */
export function mustMask(name: string, value: string | undefined, policy: SecretParameterPolicy) {
  return value !== undefined && value !== "" && isSecretParameter(name, policy);
}

/** Replaces secret values of a parameter list with `maskedValue`; `masked` names them. */
export function maskParameterList<T extends { readonly name: string; readonly value: string }>(
  parameters: readonly T[],
  policy: SecretParameterPolicy,
): { readonly parameters: T[]; readonly masked: string[] } {
  const masked = parameters.filter((p) => mustMask(p.name, p.value, policy)).map((p) => p.name);
  if (masked.length === 0) return { parameters: [...parameters], masked };
  const secret = new Set(masked);
  return {
    parameters: parameters.map((p) => (secret.has(p.name) ? { ...p, value: maskedValue } : p)),
    masked,
  };
}

/**
 * The task with secret values of its result masked (GetParameterValues of a CPE that does not
 * read secrets back as "", TR-069 A.3.2.1): what is stored, so the record never holds them.
 */
export function maskTaskResult(task: TaskRecord, policy: SecretParameterPolicy): TaskRecord {
  if (!task.result?.parameters) return task;
  const { parameters, masked } = maskParameterList(task.result.parameters, policy);
  return masked.length === 0 ? task : { ...task, result: { ...task.result, parameters } };
}
