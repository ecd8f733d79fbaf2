import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createJsonLogger } from "../../../functions/adapters/log/json-logger.ts";

function written(level?: "info" | "warn" | "error") {
  const lines: string[] = [];
  const logger = createJsonLogger({
    service: "test",
    write: (line) => lines.push(line),
    ...(level && { level }),
  });
  logger.info("i");
  logger.warn("w");
  logger.error("e", { deviceId: "D1" });
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("createJsonLogger", () => {
  it("writes every level from info by default, as JSON lines with the fields", () => {
    const lines = written();

    assert.deepEqual(
      lines.map((line) => line.level),
      ["info", "warn", "error"],
    );
    assert.equal(lines[2]?.deviceId, "D1");
    assert.equal(lines[2]?.service, "test");
  });

  it("writes nothing below the level it is given", () => {
    assert.deepEqual(
      written("warn").map((line) => line.message),
      ["w", "e"],
    );
    assert.deepEqual(
      written("error").map((line) => line.message),
      ["e"],
    );
  });
});
