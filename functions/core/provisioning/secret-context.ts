/** What a sealed per-device password is bound to (AEAD associated data): this device, this field. */
export function secretContext(
  deviceId: string,
  field: "crPassword" | "xmppPassword" | "stunPassword",
): string {
  return `${deviceId}#${field}`;
}
