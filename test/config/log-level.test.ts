import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { readLogLevel } from "../../functions/config/log-level.ts";

describe("readLogLevel", () => {
  it("takes the fallback when ACS_LOG_LEVEL is unset or blank", () => {
    assert.equal(readLogLevel(envReader({}), "warn"), "warn");
    assert.equal(readLogLevel(envReader({ ACS_LOG_LEVEL: " " }), "info"), "info");
  });

  it("reads info, warn and error, in any case", () => {
    assert.equal(readLogLevel(envReader({ ACS_LOG_LEVEL: "info" }), "warn"), "info");
    assert.equal(readLogLevel(envReader({ ACS_LOG_LEVEL: "WARN" }), "info"), "warn");
    assert.equal(readLogLevel(envReader({ ACS_LOG_LEVEL: " error " }), "info"), "error");
  });

  it("refuses debug and other words, naming the variable and what is allowed", () => {
    for (const [text, problem] of [
      ["debug", /info, warn, error, not "debug" \(the ACS logs nothing below info\)/],
      ["verbose", /info, warn, error, not "verbose"$/],
    ] as const) {
      assert.throws(
        () => readLogLevel(envReader({ ACS_LOG_LEVEL: text }), "warn"),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.variable === "ACS_LOG_LEVEL" &&
          problem.test(error.problem),
      );
    }
  });
});
