import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DeviceIdStruct } from "../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/**
 * Informs that name no device or report more than the store can hold, posted byte for byte
 * to the local ACS (`npm start`): each gets a CWMP fault, never a 500, and registers nothing.
 */
const codec = createCwmpCodec();
const goodId: DeviceIdStruct = {
  manufacturer: "Acme",
  oui: "00D09E",
  productClass: "HGW",
  serialNumber: "V1",
};

function inform(deviceId: Partial<DeviceIdStruct>, value = "1.0"): string {
  return codec.encodeCpeMessage({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    header: { id: "inform-1" },
    body: {
      method: "Inform",
      deviceId: { ...goodId, ...deviceId },
      event: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
      maxEnvelopes: 1,
      currentTime: "2026-11-24T10:00:00Z",
      retryCount: 0,
      parameterList: [{ name: "Device.DeviceInfo.SoftwareVersion", value, type: "string" }],
    },
  });
}

async function postInform(acs: LocalAcsHarness, xml: string) {
  const response = await fetch(acs.cwmpUrl, { method: "POST", body: xml });
  const body = await response.text();
  const message = response.status === 200 ? codec.decodeAcsMessage(body) : undefined;
  return { status: response.status, message: message?.body, id: message?.header.id };
}

describe("Inform validation on the local ACS", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness();
  });
  after(async () => acs.stop());

  const refused: [string, () => string, RegExp][] = [
    ["no DeviceId", () => inform({}).replace(/<DeviceId>.*<\/DeviceId>/, ""), /without DeviceId/],
    ["an empty OUI", () => inform({ oui: "" }), /OUI is empty/],
    ["an empty SerialNumber", () => inform({ serialNumber: "" }), /SerialNumber is empty/],
    [
      "a 3,000-character SerialNumber",
      () => inform({ serialNumber: "S".repeat(3_000) }),
      /SerialNumber has 3000 characters/,
    ],
    [
      "a 1 MB parameter value",
      () => inform({ serialNumber: "V2" }, "v".repeat(1024 * 1024)),
      /value of Device.DeviceInfo.SoftwareVersion has 1048576 bytes/,
    ],
  ];
  for (const [what, xml, reason] of refused) {
    it(`answers an Inform with ${what} with fault 8003 and registers nothing`, async () => {
      // Act
      const answer = await postInform(acs, xml());

      // Assess
      assert.equal(answer.status, 200);
      assert.equal(answer.id, "inform-1");
      assert.ok(answer.message?.method === "Fault", `got ${answer.message?.method}`);
      assert.equal(answer.message.faultCode, 8003);
      assert.match(answer.message.faultString, reason);
      assert.deepEqual((await acs.api("GET", "/devices")).body.devices, []);
      assert.ok(acs.logs.some((line) => line.includes("Inform refused")));
    });
  }

  it("answers a second Inform with no identity the same way, not with 503", async () => {
    // Act
    const first = await postInform(acs, inform({ oui: "", serialNumber: "" }));
    const second = await postInform(acs, inform({ oui: "", serialNumber: "" }));

    // Assess
    assert.deepEqual(
      [first.message?.method, second.message?.method, second.status],
      ["Fault", "Fault", 200],
    );
  });

  it("accepts a lowercase OUI", async () => {
    // Act
    const answer = await postInform(acs, inform({ oui: "00a859", serialNumber: "L1" }));

    // Assess
    assert.equal(answer.message?.method, "InformResponse");
    const devices = (await acs.api("GET", "/devices")).body.devices;
    assert.deepEqual(
      devices.map((d: { id: string }) => d.id),
      ["00a859-HGW-L1"],
    );
  });
});
