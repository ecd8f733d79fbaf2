import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { provisioningView } from "../../../functions/api/provisioning-view.ts";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";
import { freshProfileState } from "../../../functions/core/provisioning/profile-state.ts";
import { untouchedStanding } from "../../../functions/core/provisioning/untouched-standing.ts";
import { deviceRecord } from "../../connection-request-service/fixtures.ts";

const device = deviceRecord({
  tags: ["lab"],
  informParameters: { "Device.DeviceInfo.SoftwareVersion": ["1.0", "string"] },
});

function profile(name: string, precondition: Profile["precondition"]): Profile {
  return { name, precondition, parameterValues: [], objects: [], notifications: [] };
}

describe("untouchedStanding", () => {
  it("names the Inform events a profile waits for", () => {
    // Act
    const standing = untouchedStanding({ events: ["0 BOOTSTRAP", "1 BOOT"] }, device);
    // Assess
    assert.deepEqual(standing, { status: "waiting", reason: "waiting for 0 BOOTSTRAP/1 BOOT" });
  });

  it("names each identity mismatch that rules the device out", () => {
    // Act
    const standing = untouchedStanding(
      {
        root: "InternetGatewayDevice.",
        productClass: "ONT",
        serialPrefix: "X",
        tags: ["lab", "beta"],
        events: ["1 BOOT"],
      },
      device,
    );
    // Assess
    assert.equal(standing.status, "not-matching");
    assert.equal(
      standing.reason,
      "data model root is Device., the profile wants InternetGatewayDevice.; " +
        "ProductClass is HGW, the profile wants ONT; SerialNumber S1 does not start with X; " +
        "missing tags beta",
    );
  });

  it("waits for the next session when nothing rules the device out", () => {
    // Act / Assess
    assert.deepEqual(untouchedStanding({ oui: "00D09E", tags: ["lab"] }, device), {
      status: "waiting",
      reason: "waiting for the next session",
    });
    assert.match(
      untouchedStanding({ parameters: { "Device.X": "1" } }, device).reason,
      /parameter preconditions are checked then/,
    );
  });
});

describe("provisioningView", () => {
  it("lists profiles with state as they are, and untouched ones with why", () => {
    // Prepare
    const touched = { ...device, provisioning: { wifi: freshProfileState(0, "h", 0) } };
    const profiles = [profile("wifi", {}), profile("boot-only", { events: ["1 BOOT"] })];
    // Act
    const view = provisioningView(touched, profiles);
    // Assess
    assert.deepEqual(
      view.map((entry) => [entry.profile, entry.status, entry.reason]),
      [
        ["wifi", "pending", undefined],
        ["boot-only", "waiting", "waiting for 1 BOOT"],
      ],
    );
  });
});
