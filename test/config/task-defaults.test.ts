import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { builtInTaskDefaults, readTaskDefaults } from "../../functions/config/task-defaults.ts";

describe("readTaskDefaults", () => {
  it("gives seven days and three attempts when nothing is set", () => {
    // Act
    const defaults = readTaskDefaults(envReader({}));

    // Assess
    assert.deepEqual(defaults, { lifetimeMs: 7 * 24 * 3_600_000, maxAttempts: 3 });
    assert.deepEqual(defaults, builtInTaskDefaults);
  });

  it("reads ACS_TASK_LIFETIME_HOURS and ACS_TASK_MAX_ATTEMPTS", () => {
    // Act
    const defaults = readTaskDefaults(
      envReader({ ACS_TASK_LIFETIME_HOURS: "2", ACS_TASK_MAX_ATTEMPTS: "5" }),
    );

    // Assess
    assert.deepEqual(defaults, { lifetimeMs: 7_200_000, maxAttempts: 5 });
  });

  it("fails naming the variable out of bounds", () => {
    // Act + Assess
    assert.throws(
      () => readTaskDefaults(envReader({ ACS_TASK_MAX_ATTEMPTS: "0" })),
      (error) => error instanceof ConfigError && error.message.includes("ACS_TASK_MAX_ATTEMPTS"),
    );
  });
});
