import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootStormFailureReason } from "../../bench/boot-storm-failure-reason.ts";

/** A socket error as node:net reports it: a message, a code and, for system calls, the call. */
function socketError(message: string, code: string, syscall?: string): Error {
  return Object.assign(new Error(message), { code, ...(syscall && { syscall }) });
}

describe("bootStormFailureReason", () => {
  it("names a reset and the call that met it, found down the cause chain", () => {
    // Prepare: the simulator wraps the socket error (AcsUnreachableError-like).
    const reset = new Error("POST failed", {
      cause: socketError("read ECONNRESET", "ECONNRESET", "read"),
    });

    // Act
    const reason = bootStormFailureReason(reset);

    // Assess
    assert.equal(reason, "ECONNRESET read");
  });

  it("tells a hang-up (closed before answering) from a reset, though node:http gives both ECONNRESET", () => {
    const hangUp = new Error("POST failed", { cause: socketError("socket hang up", "ECONNRESET") });

    assert.equal(bootStormFailureReason(hangUp), "ECONNRESET socket hang up");
  });

  it("falls back to the outermost error's name, then to unknown", () => {
    class SessionTimeoutError extends Error {
      override name = "SessionTimeoutError";
    }

    assert.equal(bootStormFailureReason(new SessionTimeoutError("60 s")), "SessionTimeoutError");
    assert.equal(bootStormFailureReason("not an error"), "unknown");
  });

  it("adds the HTTP status an unexpected answer carried", () => {
    const answered = Object.assign(new Error("ACS answered HTTP 408"), {
      name: "AcsHttpStatusError",
      status: 408,
    });

    assert.equal(bootStormFailureReason(answered), "AcsHttpStatusError 408");
  });
});
