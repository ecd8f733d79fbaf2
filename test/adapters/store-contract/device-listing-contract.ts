import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidCursorError } from "../../../functions/port-errors.ts";
import type { DeviceQuery } from "../../../functions/ports.ts";
import {
  type FleetDevice,
  fleetSize,
  listAll,
  minuteMs,
  registerFleet,
  shardsSpanned,
  sortedIds,
} from "./device-fleet.ts";
import { type CreateStores, deviceA, registerDevice, t0 } from "./fixtures.ts";

type Filters = Omit<DeviceQuery, "limit" | "cursor">;

/** Filter cases: the query, and the same filter written independently over the fixture. */
const filterCases: readonly [string, Filters, (device: FleetDevice) => boolean][] = [
  ["oui", { oui: "A0B1C2" }, (d) => d.oui === "A0B1C2"],
  ["productClass", { productClass: "IGD" }, (d) => d.productClass === "IGD"],
  ["serial prefix", { serialPrefix: "ABC" }, (d) => d.serialNumber.startsWith("ABC")],
  ["tag", { tag: "floor:2" }, (d) => d.tags.includes("floor:2")],
  [
    "lastInformBefore (exclusive)",
    { lastInformBefore: t0 + 7 * minuteMs },
    (d) => d.lastInformAt < t0 + 7 * minuteMs,
  ],
  [
    "lastInformAfter (inclusive)",
    { lastInformAfter: t0 + 22 * minuteMs },
    (d) => d.lastInformAt >= t0 + 22 * minuteMs,
  ],
  [
    "oui, tag and serial prefix together",
    { oui: "00259E", tag: "lab", serialPrefix: "ABC" },
    (d) => d.oui === "00259E" && d.tags.includes("lab") && d.serialNumber.startsWith("ABC"),
  ],
  [
    "productClass within an Inform window",
    {
      productClass: "F660",
      lastInformAfter: t0 + 5 * minuteMs,
      lastInformBefore: t0 + 20 * minuteMs,
    },
    (d) =>
      d.productClass === "F660" &&
      d.lastInformAt >= t0 + 5 * minuteMs &&
      d.lastInformAt < t0 + 20 * minuteMs,
  ],
];

/** DeviceStore.listDevices: filters, cursor pagination, cursor validation. */
export function deviceListingContract(createStores: CreateStores): void {
  describe("listDevices", () => {
    it("returns an empty page without a cursor when there are no devices", async () => {
      // Prepare
      const { devices } = await createStores();

      // Act
      const page = await devices.listDevices({ limit: 10 });

      // Assess
      assert.deepEqual(page, { devices: [] });
    });

    it("returns full registry entries, in one page without a cursor when they fit with room", async () => {
      // Prepare
      const stores = await createStores();
      const fleet = await registerFleet(stores);

      // Act
      // With room to spare: a page filled exactly may carry a cursor ("more may follow").
      const page = await stores.devices.listDevices({ limit: fleetSize + 1 });

      // Assess
      assert.equal(page.cursor, undefined);
      assert.deepEqual(sortedIds(page.devices), sortedIds(fleet));
      for (const device of page.devices) {
        assert.deepEqual(device, await stores.devices.getDevice(device.id));
      }
    });

    it("pages through every device exactly once, across shards, with small limits", async () => {
      // Prepare
      const stores = await createStores();
      const fleet = await registerFleet(stores);
      assert.ok(shardsSpanned(fleet) >= 4, "fixture should span several gsi1 shards");

      for (const limit of [1, 4, 7]) {
        // Act
        const { ids, pages } = await listAll(stores.devices, { limit });

        // Assess
        assert.equal(new Set(ids).size, ids.length, `duplicates with limit ${limit}`);
        assert.deepEqual([...ids].sort(), sortedIds(fleet), `limit ${limit}`);
        assert.ok(pages >= Math.ceil(fleetSize / limit));
      }
    });

    for (const [name, filters, expected] of filterCases) {
      it(`filters by ${name}, across pages`, async () => {
        // Prepare
        const stores = await createStores();
        const fleet = await registerFleet(stores);
        const wanted = sortedIds(fleet.filter(expected));
        assert.ok(wanted.length > 0 && wanted.length < fleetSize, "fixture should split the fleet");

        // Act
        const paged = await listAll(stores.devices, { ...filters, limit: 2 });
        const single = await stores.devices.listDevices({ ...filters, limit: fleetSize + 1 });

        // Assess
        assert.deepEqual([...paged.ids].sort(), wanted);
        assert.deepEqual(sortedIds(single.devices), wanted);
        assert.equal(single.cursor, undefined);
      });
    }

    it("follows tag changes at once", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.devices.setTag(deviceA, "vip", true);
      const tagged = await stores.devices.listDevices({ tag: "vip", limit: 5 });

      // Act
      await stores.devices.setTag(deviceA, "vip", false);
      const untagged = await stores.devices.listDevices({ tag: "vip", limit: 5 });

      // Assess
      assert.deepEqual(sortedIds(tagged.devices), [deviceA]);
      assert.deepEqual(untagged.devices, []);
    });

    it("refuses altered or foreign cursors with InvalidCursorError", async () => {
      // Prepare
      const stores = await createStores();
      await registerFleet(stores);
      const first = await stores.devices.listDevices({ oui: "00259E", limit: 3 });
      const cursor = first.cursor ?? assert.fail("expected a cursor after the first page");
      const middle = Math.floor(cursor.length / 2);
      const flipped = `${cursor.slice(0, middle)}${cursor[middle] === "A" ? "B" : "A"}${cursor.slice(middle + 1)}`;
      const forged = Buffer.from(JSON.stringify({ shard: 3, lastEvaluatedKey: {} })).toString(
        "base64url",
      );
      const attempts: [string, DeviceQuery][] = [
        ["one character changed", { oui: "00259E", limit: 3, cursor: flipped }],
        ["truncated", { oui: "00259E", limit: 3, cursor: cursor.slice(0, -4) }],
        ["extended", { oui: "00259E", limit: 3, cursor: `${cursor}A` }],
        ["not a cursor", { oui: "00259E", limit: 3, cursor: "not a cursor!" }],
        ["empty", { oui: "00259E", limit: 3, cursor: "" }],
        ["forged", { oui: "00259E", limit: 3, cursor: forged }],
        ["issued for other filters", { oui: "A0B1C2", limit: 3, cursor }],
      ];

      for (const [name, query] of attempts) {
        // Act
        const listing = stores.devices.listDevices(query);

        // Assess
        await assert.rejects(listing, InvalidCursorError, name);
      }
      const genuine = await stores.devices.listDevices({ oui: "00259E", limit: 3, cursor });
      assert.equal(genuine.devices.length, 3);
    });
  });
}
