/**
 * Device identity: TR-069 A.3.3.1 DeviceIdStruct, keyed OUI-ProductClass-
 * SerialNumber. Each part is percent-escaped (everything but letters,
 * digits, "_", "." and "~", so "-" too) so the id is URL-safe and splits
 * back unambiguously.
 */
export interface DeviceIdentity {
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
}

export type DeviceId = string;

/**
 * OUI or SerialNumber is blank: the id ("--", "-HGW-") would name no device, and every such
 * CPE would share it. ProductClass may be empty (A.3.3.1), so "00D09E--S1" is fine.
 */
export class IncompleteDeviceIdentityError extends Error {
  override readonly name = "IncompleteDeviceIdentityError";
  constructor(readonly field: "oui" | "serialNumber") {
    super(`device identity without ${field === "oui" ? "OUI" : "SerialNumber"}`);
  }
}

/** Throws IncompleteDeviceIdentityError for a blank OUI or SerialNumber (validateInform refuses those first). */
export function deviceIdOf(identity: DeviceIdentity): DeviceId {
  if (identity.oui.trim() === "") throw new IncompleteDeviceIdentityError("oui");
  if (identity.serialNumber.trim() === "") throw new IncompleteDeviceIdentityError("serialNumber");
  return [identity.oui, identity.productClass, identity.serialNumber].map(escapePart).join("-");
}

function escapePart(part: string): string {
  let out = "";
  for (const byte of Buffer.from(part, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Reverses deviceIdOf; undefined when the text is not a well-formed device id. */
export function parseDeviceId(id: string): DeviceIdentity | undefined {
  const parts = id.split("-");
  if (
    parts.length !== 3 ||
    !parts.every((part) => /^(?:[A-Za-z0-9_.~]|%[0-9A-F]{2})*$/.test(part))
  ) {
    return undefined;
  }
  try {
    const [oui, productClass, serialNumber] = parts.map((part) => decodeURIComponent(part)) as [
      string,
      string,
      string,
    ];
    return { oui, productClass, serialNumber };
  } catch {
    return undefined;
  }
}

export function isDeviceId(id: string): boolean {
  return parseDeviceId(id) !== undefined;
}
