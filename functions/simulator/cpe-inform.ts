import type { CpeMessageOf, EventStruct } from "../core/cwmp/index.ts";
import type { DataModel } from "./data-model.ts";
import type { DeviceProfile } from "./device-profile.ts";
import { formatDateTime } from "./param-value.ts";
import { informParameterValues } from "./value-changes.ts";

/** Parameters every Inform carries (TR-181 Device:2 "Forced Inform" parameters). */
const forcedInform = [
  "DeviceInfo.HardwareVersion",
  "DeviceInfo.SoftwareVersion",
  "DeviceInfo.ProvisioningCode",
  "ManagementServer.ParameterKey",
  "ManagementServer.ConnectionRequestURL",
  "ManagementServer.AliasBasedAddressing",
];

export interface InformInput {
  readonly profile: DeviceProfile;
  readonly model: DataModel;
  readonly events: readonly EventStruct[];
  /** Active-notification changes to report besides the forced parameters. */
  readonly changes: readonly string[];
  /** Earlier failed attempts of this session (TR-069 A.3.3.1 RetryCount). */
  readonly retryCount: number;
  readonly nowMs: number;
}

/** The Inform that opens a session (TR-069 A.3.3.1). */
export function buildInform(input: InformInput): CpeMessageOf<"Inform"> {
  const { profile, model } = input;
  return {
    method: "Inform",
    deviceId: {
      manufacturer: profile.manufacturer,
      oui: profile.oui,
      productClass: profile.productClass,
      serialNumber: profile.serialNumber,
    },
    event: [...input.events],
    maxEnvelopes: 1,
    currentTime: formatDateTime(input.nowMs),
    retryCount: input.retryCount,
    parameterList: informParameterValues(
      model,
      forcedInform.map((name) => `${model.root}${name}`),
      input.changes,
    ),
  };
}
