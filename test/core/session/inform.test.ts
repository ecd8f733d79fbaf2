import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DeviceRecord } from "../../../functions/core/model/device.ts";
import {
  deviceIdOf,
  IncompleteDeviceIdentityError,
} from "../../../functions/core/model/device-id.ts";
import { informFacts, informParameterChanges } from "../../../functions/core/session/inform.ts";
import { cpeSamples } from "../cwmp/samples.ts";

describe("informFacts", () => {
  it("derives a URL-safe device id and the events", () => {
    const facts = informFacts(cpeSamples.Inform);
    assert.equal(facts.deviceId, "00D09E-HGW%2D1-S123%3C456%3E");
    assert.deepEqual(facts.events, ["1 BOOT", "M Download"]);
    assert.equal(facts.bootstrap, false);
  });

  it("picks up the connection-request URL and Jabber ID", () => {
    const facts = informFacts({
      ...cpeSamples.Inform,
      parameterList: [
        {
          name: "Device.ManagementServer.ConnectionRequestURL",
          value: "http://10.0.0.2:7547/cr",
          type: "string",
        },
        { name: "Device.ManagementServer.ConnReqJabberID", value: "cpe@x/cwmp", type: "string" },
      ],
    });
    assert.equal(facts.connectionRequestUrl, "http://10.0.0.2:7547/cr");
    assert.equal(facts.connReqJabberId, "cpe@x/cwmp");
  });
});

describe("informParameterChanges", () => {
  const facts = informFacts(cpeSamples.Inform);
  const previous = {
    informParameters: Object.fromEntries(
      cpeSamples.Inform.parameterList.map((p) => [p.name, [p.value, p.type]]),
    ),
  } as unknown as DeviceRecord;

  it("stores nothing when a periodic Inform repeats known values", () => {
    assert.deepEqual(informParameterChanges(previous, facts, 5), []);
  });

  it("stores only what changed", () => {
    const changed = informParameterChanges(
      {
        ...previous,
        informParameters: { ...previous.informParameters, "Device.X_ACME_Offset": ["-4", "int"] },
      },
      facts,
      5,
    );
    assert.deepEqual(changed, [
      { name: "Device.X_ACME_Offset", value: "-5", type: "int", learnedAt: 5 },
    ]);
  });

  it("stores everything for a new device or after a BOOTSTRAP", () => {
    assert.equal(informParameterChanges(undefined, facts, 5).length, 4);
    assert.equal(informParameterChanges(previous, { ...facts, bootstrap: true }, 5).length, 4);
  });
});

describe("deviceIdOf", () => {
  it("refuses a blank OUI or SerialNumber instead of building an id like --", () => {
    // Act and Assess
    assert.throws(
      () => deviceIdOf({ oui: "", productClass: "", serialNumber: "" }),
      (error) => error instanceof IncompleteDeviceIdentityError && error.field === "oui",
    );
    assert.throws(
      () => deviceIdOf({ oui: "00D09E", productClass: "HGW", serialNumber: " " }),
      (error) => error instanceof IncompleteDeviceIdentityError && error.field === "serialNumber",
    );
  });

  it("allows an empty ProductClass", () => {
    assert.equal(deviceIdOf({ oui: "00D09E", productClass: "", serialNumber: "S1" }), "00D09E--S1");
  });
});
