import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { readSecretParameterPolicy } from "../../functions/config/secret-parameters-config.ts";
import { isSecretParameter } from "../../functions/core/model/secret-parameters.ts";

describe("readSecretParameterPolicy", () => {
  it("adds nothing by default", () => {
    // Act
    const policy = readSecretParameterPolicy(envReader({}));

    // Assess
    assert.deepEqual(policy.extra, []);
  });

  it("reads ACS_SECRET_PARAMETERS as comma-separated patterns", () => {
    // Act
    const policy = readSecretParameterPolicy(
      envReader({ ACS_SECRET_PARAMETERS: " X_ACME_Token , Device.X_ACME_Vpn.*.Key ," }),
    );

    // Assess
    assert.equal(policy.extra.length, 2);
    assert.ok(isSecretParameter("Device.X_ACME_Token", policy));
    assert.ok(isSecretParameter("Device.X_ACME_Vpn.2.Key", policy));
  });

  it("fails naming the variable on a pattern it cannot use", () => {
    // Act / Assess
    assert.throws(
      () => readSecretParameterPolicy(envReader({ ACS_SECRET_PARAMETERS: "Device.WiFi." })),
      (error) => error instanceof ConfigError && error.variable === "ACS_SECRET_PARAMETERS",
    );
  });
});
