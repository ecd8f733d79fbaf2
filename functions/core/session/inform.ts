import type { CpeMessageOf } from "../cwmp/cpe-messages.ts";
import type { XsdType } from "../cwmp/xsd-type.ts";
import type { DeviceRecord, StoredParameter } from "../model/device.ts";
import { deviceIdOf } from "../model/device-id.ts";
import type { InformFacts } from "../model/inform-facts.ts";

type Inform = CpeMessageOf<"Inform">;

/** TR-069 3.7.1.5: a BOOTSTRAP means the device's configuration may be anything now. */
export const bootstrapEvent = "0 BOOTSTRAP";

/**
 * What the opening Inform tells (TR-069 A.3.3.1): identity, events, the
 * forced Inform parameters, and the addresses connection requests need.
 */
export function informFacts(inform: Inform): InformFacts {
  const informParameters: Record<string, readonly [string, XsdType]> = {};
  for (const p of inform.parameterList) informParameters[p.name] = [p.value, p.type];
  const events = inform.event.map((e) => e.eventCode);
  const byLeaf = (leaf: string): string | undefined =>
    inform.parameterList.find((p) => p.name.endsWith(leaf))?.value;
  return {
    deviceId: deviceIdOf(inform.deviceId),
    manufacturer: inform.deviceId.manufacturer,
    oui: inform.deviceId.oui,
    productClass: inform.deviceId.productClass,
    serialNumber: inform.deviceId.serialNumber,
    events,
    methodEvents: inform.event
      .filter((e) => e.eventCode.startsWith("M "))
      .map((e) => ({ code: e.eventCode, commandKey: e.commandKey })),
    retryCount: inform.retryCount,
    informParameters,
    ...optional("softwareVersion", softwareVersionOf(informParameters)),
    ...optional("connectionRequestUrl", byLeaf("ManagementServer.ConnectionRequestURL")),
    ...optional("connReqJabberId", byLeaf("ManagementServer.ConnReqJabberID")),
    ...optional(
      "udpConnectionRequestAddress",
      byLeaf("ManagementServer.UDPConnectionRequestAddress"),
    ),
    bootstrap: events.includes(bootstrapEvent),
  };
}

/** The firmware the CPE runs: a forced Inform parameter of TR-181 (Device.) and TR-098. */
const softwareVersionNames = [
  "Device.DeviceInfo.SoftwareVersion",
  "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
  "DeviceInfo.SoftwareVersion",
];

function softwareVersionOf(
  parameters: Readonly<Record<string, readonly [string, XsdType]>>,
): string | undefined {
  for (const name of softwareVersionNames) {
    const found = parameters[name];
    if (found) return found[0];
  }
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * The Inform parameters to store: all of them for a new or bootstrapped
 * device, otherwise only those whose value or type changed, so a periodic
 * Inform with nothing new writes nothing.
 */
export function informParameterChanges(
  previous: DeviceRecord | undefined,
  facts: InformFacts,
  now: number,
): StoredParameter[] {
  const known = previous && !facts.bootstrap ? previous.informParameters : {};
  const changed: StoredParameter[] = [];
  for (const [name, [value, type]] of Object.entries(facts.informParameters)) {
    const before = known[name];
    if (before && before[0] === value && before[1] === type) continue;
    changed.push({ name, value, type, learnedAt: now });
  }
  return changed;
}
