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

export function deviceIdOf(identity: DeviceIdentity): DeviceId {
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
