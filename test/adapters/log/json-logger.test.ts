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

  it("writes instants (at, …At, notAfter) in ISO 8601 like time, and leaves durations and other numbers", () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ service: "test", write: (line) => lines.push(line) });

    logger.info("connection request", {
      at: 1_800_000_000_000,
      requestedAt: 1_800_000_000_500,
      notAfter: 1_800_000_060_000,
      latencyMs: 1_800_000_000_000,
      receiveCount: 3,
      attempt: "at",
    });

    const line = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    assert.equal(line.at, "2027-01-15T08:00:00.000Z");
    assert.equal(line.requestedAt, "2027-01-15T08:00:00.500Z");
    assert.equal(line.notAfter, "2027-01-15T08:01:00.000Z");
    assert.equal(line.latencyMs, 1_800_000_000_000);
    assert.equal(line.receiveCount, 3);
    assert.equal(line.attempt, "at");
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
