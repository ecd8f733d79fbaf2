import { secretContext } from "../../core/provisioning/secret-context.ts";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { DeviceStore, SecretSealer } from "../../ports.ts";

/** The device a STUN username names and its STUN password, in clear. */
export interface StunCredentials {
  readonly deviceId: string;
  readonly password: string;
}

export type StunCredentialLookup = (username: string) => Promise<StunCredentials | undefined>;

/**
 * The built-in profile sets ManagementServer.STUNUsername to the device id, so the username
 * finds the device with one read; the password is the device's sealed `stunPassword`.
 * Undefined (the server answers 401) for an unknown device, no password, or an unreadable one.
 */
export function createStunCredentialLookup(options: {
  readonly devices: Pick<DeviceStore, "getDevice">;
  readonly sealer: SecretSealer;
}): StunCredentialLookup {
  return async (username) => {
    const device = await options.devices.getDevice(username);
    const sealed = device?.crSecrets?.stunPassword;
    if (device === undefined || sealed === undefined) return undefined;
    try {
      const password = options.sealer.open(sealed, secretContext(device.id, "stunPassword"));
      return { deviceId: device.id, password };
    } catch (error) {
      if (error instanceof SecretUnreadableError) return undefined;
      throw error;
    }
  };
}
