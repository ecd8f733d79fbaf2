import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CpeMessageOf } from "../../../functions/core/cwmp/cpe-messages.ts";
import { validateInform } from "../../../functions/core/session/validate-inform.ts";
import { cpeSamples } from "../cwmp/samples.ts";

type Inform = CpeMessageOf<"Inform">;

function withId(deviceId: Partial<Inform["deviceId"]>): Inform {
  return { ...cpeSamples.Inform, deviceId: { ...cpeSamples.Inform.deviceId, ...deviceId } };
}

function withParameter(name: string, value: string): Inform {
  return { ...cpeSamples.Inform, parameterList: [{ name, value, type: "string" }] };
}

describe("validateInform", () => {
  it("accepts a well-formed Inform", () => {
    assert.equal(validateInform(cpeSamples.Inform), undefined);
  });

  it("accepts what real CPEs send: a lowercase OUI, an empty ProductClass, long fields", () => {
    // Prepare
    const inform = withId({
      oui: "00a859",
      productClass: "",
      manufacturer: "M".repeat(200),
      serialNumber: "S".repeat(100),
    });

    // Act
    const problem = validateInform(inform);

    // Assess
    assert.equal(problem, undefined);
  });

  it("refuses an Inform without DeviceId", () => {
    // Act
    const problem = validateInform(
      withId({ manufacturer: "", oui: "", productClass: "", serialNumber: "" }),
    );

    // Assess
    assert.deepEqual(problem, { kind: "missing-device-id", message: "Inform without DeviceId" });
  });

  it("refuses an empty or blank OUI or SerialNumber", () => {
    // Act
    const noOui = validateInform(withId({ oui: "" }));
    const blankSerial = validateInform(withId({ serialNumber: "  " }));

    // Assess
    assert.deepEqual(noOui, { kind: "empty-identity-field", message: "DeviceId OUI is empty" });
    assert.deepEqual(blankSerial, {
      kind: "empty-identity-field",
      message: "DeviceId SerialNumber is empty",
    });
  });

  it("refuses identity fields of absurd length, naming the field and the bound", () => {
    // Act
    const serial = validateInform(withId({ serialNumber: "x".repeat(3_000) }));
    const oui = validateInform(withId({ oui: "0".repeat(65) }));
    const manufacturer = validateInform(withId({ manufacturer: "m".repeat(257) }));

    // Assess
    assert.deepEqual(serial, {
      kind: "identity-field-too-long",
      message: "DeviceId SerialNumber has 3000 characters, over 256",
    });
    assert.equal(oui?.message, "DeviceId OUI has 65 characters, over 64");
    assert.equal(manufacturer?.message, "DeviceId Manufacturer has 257 characters, over 256");
  });

  it("refuses an identity whose escaped device id the store cannot key on", () => {
    // Prepare: each "€" is 3 UTF-8 bytes, escaped to 9 characters.
    const inform = withId({ productClass: "€".repeat(100), serialNumber: "€".repeat(100) });

    // Act
    const problem = validateInform(inform);

    // Assess
    assert.equal(problem?.kind, "device-id-too-long");
  });

  it("refuses a parameter name over 256 bytes", () => {
    // Act
    const problem = validateInform(withParameter(`Device.${"X".repeat(250)}`, "1"));

    // Assess
    assert.equal(problem?.kind, "parameter-name-too-long");
    assert.match(problem?.message ?? "", /has 257 bytes, over 256$/);
  });

  it("refuses a parameter value over 64 KiB but accepts one of exactly 64 KiB", () => {
    // Act
    const over = validateInform(withParameter("Device.X", "v".repeat(64 * 1024 + 1)));
    const atLimit = validateInform(withParameter("Device.X", "v".repeat(64 * 1024)));

    // Assess
    assert.deepEqual(over, {
      kind: "parameter-value-too-large",
      message: "value of Device.X has 65537 bytes, over 65536",
    });
    assert.equal(atLimit, undefined);
  });

  it("refuses a ParameterList over 128 KiB in all", () => {
    // Prepare
    const parameterList = [1, 2, 3].map((i) => ({
      name: `Device.X${i}`,
      value: "v".repeat(50_000),
      type: "string" as const,
    }));

    // Act
    const problem = validateInform({ ...cpeSamples.Inform, parameterList });

    // Assess
    assert.equal(problem?.kind, "parameters-too-large");
  });
});
