import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** The session cookie's attributes as a CPE receives them from the local ACS. */
async function informCookie(env: Record<string, string>): Promise<string | undefined> {
  const acs = await startLocalAcsHarness(env);
  try {
    const xml = createCwmpCodec().encodeCpeMessage({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      header: { id: "1" },
      body: {
        method: "Inform",
        deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: "SC1" },
        event: [{ eventCode: "1 BOOT", commandKey: "" }],
        maxEnvelopes: 1,
        currentTime: "2026-11-24T10:00:00Z",
        retryCount: 0,
        parameterList: [{ name: "Device.DeviceInfo.SoftwareVersion", value: "1", type: "string" }],
      },
    });
    const response = await fetch(acs.cwmpUrl, { method: "POST", body: xml });
    await response.text();
    assert.equal(response.status, 200);
    return response.headers.getSetCookie()[0];
  } finally {
    await acs.stop();
  }
}

describe("the session cookie's Secure attribute (local ACS)", () => {
  it("is absent over plain http by default, and present with ACS_COOKIE_SECURE=true", async () => {
    const plain = await informCookie({});
    const secure = await informCookie({ ACS_COOKIE_SECURE: "true" });

    assert.match(plain ?? "", /^acs_sid=[^;]+; Path=\/; HttpOnly$/);
    assert.match(secure ?? "", /^acs_sid=[^;]+; Path=\/; HttpOnly; Secure$/);
  });
});
