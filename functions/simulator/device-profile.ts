import { createHash } from "node:crypto";

/** Who the simulated device is and how it is configured at factory reset. */
export interface DeviceProfile {
  readonly manufacturer: string;
  /** Six hex digits (IEEE OUI), DeviceInfo.ManufacturerOUI. */
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
  readonly modelName: string;
  readonly hardwareVersion: string;
  readonly softwareVersion: string;
  /** ManagementServer.URL, the ACS. */
  readonly acsUrl: string;
  readonly acsUsername: string;
  readonly acsPassword: string;
  readonly connectionRequestUsername: string;
  readonly connectionRequestPassword: string;
  readonly periodicInformEnable: boolean;
  readonly periodicInformIntervalSec: number;
  /**
   * A fixed XMPP.Connection.1 that refuses AddObject (9005) and DeleteObject (9001); the same
   * as Misbehaviours.xmppObject "fixed-instance", which wins when both are given.
   */
  readonly fixedXmppConnection: boolean;
}

export type DeviceProfileInput = Partial<DeviceProfile> &
  Pick<DeviceProfile, "serialNumber" | "acsUrl">;

/** Fills in a plausible home gateway for everything not given. */
export function completeProfile(input: DeviceProfileInput): DeviceProfile {
  return {
    manufacturer: "SimCPE",
    oui: "00D09E",
    productClass: "SIM-HGW",
    modelName: "SIM-HGW 3000",
    hardwareVersion: "HW1.0",
    softwareVersion: "1.0.0",
    acsUsername: "",
    acsPassword: "",
    connectionRequestUsername: `cr-${input.serialNumber}`,
    connectionRequestPassword: "cr-secret",
    periodicInformEnable: true,
    periodicInformIntervalSec: 3600,
    fixedXmppConnection: false,
    ...input,
  };
}

/** A stable locally-administered MAC address derived from the serial number and a salt. */
export function macAddress(serialNumber: string, salt: string): string {
  const digest = createHash("sha256").update(`${serialNumber}/${salt}`).digest();
  const bytes = [...digest.subarray(0, 6)];
  bytes[0] = ((bytes[0] ?? 0) & 0xfc) | 0x02;
  return bytes.map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}
