import { deviceShard } from "../../../functions/adapters/dynamodb/item-layout.ts";
import { deviceIdOf } from "../../../functions/core/model/device-id.ts";
import type { DeviceQuery, DeviceStore } from "../../../functions/ports.ts";
import { type ContractStores, registerDevice, t0 } from "./fixtures.ts";

/** One device of the listing fixture, with the facts the filters look at. */
export interface FleetDevice {
  readonly id: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
  readonly lastInformAt: number;
  readonly tags: readonly string[];
}

export const fleetSize = 30;
export const minuteMs = 60_000;

/** A varied fleet: two OUIs, three product classes, two serial prefixes, tags, spread Informs. */
export function fleetSpec(): FleetDevice[] {
  return Array.from({ length: fleetSize }, (_, i) => {
    const identity = {
      oui: i % 2 === 0 ? "00259E" : "A0B1C2",
      productClass: ["HG8245H", "IGD", "F660"][i % 3] ?? "IGD",
      serialNumber: `${i % 4 === 0 ? "ABC" : "XYZ"}${String(i).padStart(4, "0")}`,
    };
    const tags = [...(i % 5 === 0 ? ["lab"] : []), ...(i % 3 === 0 ? ["floor:2"] : [])];
    return { ...identity, id: deviceIdOf(identity), lastInformAt: t0 + i * minuteMs, tags };
  });
}

/** Registers the fleet (each device informs at its own time) and tags it. */
export async function registerFleet(stores: ContractStores): Promise<FleetDevice[]> {
  const fleet = fleetSpec();
  for (const device of fleet) {
    await registerDevice(stores, device.id, device.lastInformAt);
    for (const tag of device.tags) await stores.devices.setTag(device.id, tag, true);
  }
  return fleet;
}

/** How many gsi1 shards the fleet spans (a precondition of the pagination tests). */
export function shardsSpanned(fleet: readonly FleetDevice[]): number {
  return new Set(fleet.map((device) => deviceShard(device.id))).size;
}

/** Follows cursors to the end; fails on a page over the limit or a runaway cursor chain. */
export async function listAll(
  devices: DeviceStore,
  query: Omit<DeviceQuery, "cursor">,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 200; pages++) {
    const page = await devices.listDevices({ ...query, ...(cursor && { cursor }) });
    if (page.devices.length > query.limit) {
      throw new Error(`page ${pages} has ${page.devices.length} devices, limit ${query.limit}`);
    }
    ids.push(...page.devices.map((device) => device.id));
    cursor = page.cursor;
    if (cursor === undefined) return { ids, pages };
  }
  throw new Error("listing did not end after 200 pages");
}

export function sortedIds(devices: readonly { id: string }[]): string[] {
  return devices.map((device) => device.id).sort();
}
