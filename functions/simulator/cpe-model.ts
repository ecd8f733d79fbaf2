import type { SimulatedCpeOptions } from "./cpe-types.ts";
import type { DataModel } from "./data-model.ts";
import type { DeviceProfile } from "./device-profile.ts";
import { buildDeviceTree } from "./device-tree.ts";
import type { Misbehaviours } from "./misbehaviours.ts";

export interface CpeModelInput {
  readonly options: Pick<SimulatedCpeOptions, "connectionRequestUrl">;
  readonly profile: DeviceProfile;
  readonly misbehaviours: Misbehaviours;
  /** Read at every UpTime read, so a reboot restarts the count. */
  readonly boot: { readonly timeMs: number };
}

/** The device's TR-181 tree as it leaves the factory (and after a factory reset). */
export function buildCpeModel(input: CpeModelInput): DataModel {
  const { options, profile, misbehaviours, boot } = input;
  const tree = buildDeviceTree({
    profile,
    uptimeSeconds: () => (Date.now() - boot.timeMs) / 1000,
    now: Date.now,
    ...(misbehaviours.xmppObject === undefined ? {} : { xmppObject: misbehaviours.xmppObject }),
  });
  tree.setInternal(
    "Device.ManagementServer.ConnectionRequestURL",
    options.connectionRequestUrl ?? "",
  );
  return tree;
}

/** A Device.ManagementServer parameter's current value. */
export function managementServer(model: DataModel, name: string): string {
  return model.read(`Device.ManagementServer.${name}`);
}
