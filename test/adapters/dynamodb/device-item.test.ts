import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addLeaseChanges,
  recordChanges,
} from "../../../functions/adapters/dynamodb/device-changes.ts";
import {
  deviceFromItem,
  sessionFromItem,
} from "../../../functions/adapters/dynamodb/device-item.ts";
import { StoreItemInvalidError } from "../../../functions/adapters/dynamodb/errors.ts";
import { expressionBuilder } from "../../../functions/adapters/dynamodb/expression-builder.ts";
import { deviceChangeableFields } from "../../../functions/core/model/device.ts";
import type { DeviceChanges } from "../../../functions/ports.ts";

/** A device item as an early version wrote it: no tags, generation or queue yet. */
const olderItem = {
  pk: "DEV#00259E-HG8245H-1",
  sk: "META",
  gsi1pk: "DEVICES#4",
  gsi1sk: "00259E-HG8245H-1",
  id: "00259E-HG8245H-1",
  manufacturer: "Example",
  oui: "00259E",
  productClass: "HG8245H",
  serialNumber: "1",
  firstInformAt: 1000,
  lastInformAt: 2000,
  lastEvents: ["2 PERIODIC"],
  informParameters: { "Device.DeviceInfo.SoftwareVersion": ["1.0", "string"] },
};

describe("device items", () => {
  describe("deviceFromItem", () => {
    it("fills the fields older items lack and leaves out the layout attributes", () => {
      // Act
      const device = deviceFromItem(olderItem);

      // Assess
      assert.deepEqual(device, {
        id: "00259E-HG8245H-1",
        manufacturer: "Example",
        oui: "00259E",
        productClass: "HG8245H",
        serialNumber: "1",
        firstInformAt: 1000,
        lastInformAt: 2000,
        lastEvents: ["2 PERIODIC"],
        informParameters: { "Device.DeviceInfo.SoftwareVersion": ["1.0", "string"] },
        tags: [],
        parameterGeneration: 0,
        taskQueue: [],
      });
    });

    it("orders the queue map by sequence, then id, and takes the lease end from the session", () => {
      // Prepare
      const item = {
        ...olderItem,
        taskQueue: { b: 5, a: 5, c: 1 },
        session: { id: "s1", deviceId: olderItem.id, expiresAt: 9000 },
      };

      // Act
      const device = deviceFromItem(item);

      // Assess
      assert.deepEqual(device.taskQueue, ["c", "a", "b"]);
      assert.equal(device.sessionExpiresAt, 9000);
    });

    it("refuses a field of the wrong type, naming the item and the field", () => {
      // Prepare
      const item = { ...olderItem, xmppAccount: { status: "created", at: "yesterday" } };

      // Act
      const reading = () => deviceFromItem(item);

      // Assess
      assert.throws(reading, (error: unknown) => {
        assert.ok(error instanceof StoreItemInvalidError);
        assert.equal(error.itemKey, "DEV#00259E-HG8245H-1 META");
        assert.equal(error.field, "xmppAccount.at");
        return true;
      });
    });

    it("keeps attributes of nested records it does not name (written by newer code)", () => {
      // Prepare
      const item = { ...olderItem, xmppAccount: { status: "created", at: 5, server: "x" } };

      // Act
      const device = deviceFromItem(item);

      // Assess
      assert.deepEqual(device.xmppAccount, { status: "created", at: 5, server: "x" });
    });
  });

  describe("sessionFromItem", () => {
    it("refuses a session without the lease end the store checks", () => {
      // Act
      const reading = () => sessionFromItem({ ...olderItem, session: { id: "s1" } });

      // Assess
      assert.throws(reading, StoreItemInvalidError);
    });
  });

  describe("session changes split between the record and the lease item", () => {
    it("writes every changeable field given once at a close: lease fields on LEASE, the rest on META", () => {
      // Prepare
      const changes: DeviceChanges = {
        connectionRequestUrl: "http://192.0.2.1/cr",
        connReqJabberId: "cpe@example.net",
        udpConnectionRequestAddress: "192.0.2.1:7547",
        provisioning: {},
        crSecrets: {
          crUsername: "u",
          crPassword: "sealed",
          xmppUsername: "x",
          xmppPassword: "sealed",
          createdAt: 1,
        },
        xmppAccount: { status: "requested", at: 1 },
        provisioningQuiet: { until: 5, fingerprint: "f" },
      };
      const lease = expressionBuilder();

      // Act
      addLeaseChanges(lease, changes, true);
      const record = recordChanges(changes, true);
      const midSession = expressionBuilder();
      addLeaseChanges(midSession, changes);

      // Assess
      const names = (update: ReturnType<typeof expressionBuilder> | undefined) =>
        Object.values(update?.build().ExpressionAttributeNames ?? {});
      assert.deepEqual(names(lease), ["provisioningQuiet"]);
      // Mid-session the profile memory stays with the session, on the lease item.
      assert.deepEqual(names(midSession).sort(), ["provisioning", "provisioningQuiet"]);
      assert.ok(!names(recordChanges(changes)).includes("provisioning"));
      assert.deepEqual(
        [...names(record), ...names(lease)].sort(),
        [...deviceChangeableFields].sort(),
      );
    });

    it("removes each dequeued task once from the queue map, and a quiet period not stated", () => {
      // Prepare
      const update = expressionBuilder();

      // Act
      addLeaseChanges(update, { dequeue: ["t1", "t1", "t2"] });

      // Assess
      assert.equal(
        update.build().UpdateExpression,
        "REMOVE #taskQueue.#t1, #taskQueue.#t2, #provisioningQuiet",
      );
      assert.equal(recordChanges({ dequeue: ["t1"] }), undefined);
    });
  });
});
