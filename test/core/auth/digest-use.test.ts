import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLaterDigestUse } from "../../../functions/core/auth/digest-use.ts";

const last = { nonceIssuedAt: 5_000, nonce: "n5", nc: 2 };

describe("isLaterDigestUse (one nonce/nc pair per device, at most once)", () => {
  it("accepts the first use of a device", () => {
    assert.equal(isLaterDigestUse(undefined, last), true);
  });

  it("refuses the same nonce and nc again (a replayed Authorization)", () => {
    assert.equal(isLaterDigestUse(last, { ...last }), false);
  });

  it("accepts the same nonce with a higher nc, refuses a lower one", () => {
    assert.equal(isLaterDigestUse(last, { ...last, nc: 3 }), true);
    assert.equal(isLaterDigestUse(last, { ...last, nc: 1 }), false);
  });

  it("accepts a nonce issued later (any nc), refuses one issued earlier", () => {
    assert.equal(isLaterDigestUse(last, { nonceIssuedAt: 6_000, nonce: "n6", nc: 1 }), true);
    assert.equal(isLaterDigestUse(last, { nonceIssuedAt: 4_000, nonce: "n4", nc: 9 }), false);
  });
});
