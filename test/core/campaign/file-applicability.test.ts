import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileApplicability } from "../../../functions/core/campaign/file-applicability.ts";

const device = (oui: string, productClass: string, version?: string) => ({
  oui,
  productClass,
  informParameters: {
    "Device.DeviceInfo.HardwareVersion": ["1", "xsd:string"] as const,
    ...(version !== undefined && {
      "Device.DeviceInfo.SoftwareVersion": [version, "xsd:string"] as const,
    }),
  },
});

describe("fileApplicability", () => {
  const file = { oui: ["00d09e"], productClasses: ["HGW"], version: "2.0" };

  it("applies to a device of the file's OUI (any case) and product class on another version", () => {
    assert.equal(fileApplicability(file, device("00D09E", "HGW", "1.0")), "applies");
    assert.equal(fileApplicability(file, device("00D09E", "HGW")), "applies", "version unknown");
  });

  it("is not applicable outside the file's OUIs or product classes", () => {
    assert.equal(fileApplicability(file, device("AABBCC", "HGW", "1.0")), "not-applicable");
    assert.equal(fileApplicability(file, device("00D09E", "STB", "1.0")), "not-applicable");
  });

  it("skips a device already reporting the version, under either root object", () => {
    assert.equal(fileApplicability(file, device("00D09E", "HGW", "2.0")), "already-on-version");
    const igd = {
      oui: "00D09E",
      productClass: "HGW",
      informParameters: {
        "InternetGatewayDevice.DeviceInfo.SoftwareVersion": ["2.0", "xsd:string"] as const,
      },
    };
    assert.equal(fileApplicability(file, igd), "already-on-version");
  });

  it("applies to any device when the file names no OUI, product class or version", () => {
    assert.equal(fileApplicability({}, device("AABBCC", "X", "2.0")), "applies");
  });
});
