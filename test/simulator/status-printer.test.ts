import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStatusPrinter } from "../../functions/simulator/status-printer.ts";

describe("createStatusPrinter", () => {
  it("prints a line to a log only when it differs from the last one", () => {
    // Prepare
    const written: string[] = [];
    const print = createStatusPrinter({ write: (text) => written.push(text), live: false });
    // Act
    for (const line of ["booted 1/1 | ok 1", "booted 1/1 | ok 1", "booted 1/1 | ok 2"]) print(line);
    print("booted 1/1 | ok 2");
    print("booted 1/1 | ok 1");
    // Assess
    assert.deepEqual(written, [
      "booted 1/1 | ok 1\n",
      "booted 1/1 | ok 2\n",
      "booted 1/1 | ok 1\n",
    ]);
  });

  it("prints every tick to a terminal", () => {
    // Prepare
    const written: string[] = [];
    const print = createStatusPrinter({ write: (text) => written.push(text), live: true });
    // Act
    print("booted 1/1 | ok 1");
    print("booted 1/1 | ok 1");
    // Assess
    assert.deepEqual(written, ["booted 1/1 | ok 1\n", "booted 1/1 | ok 1\n"]);
  });
});
