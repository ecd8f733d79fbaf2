import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeXsdType } from "../../../functions/core/cwmp/xsd-type.ts";

describe("normalizeXsdType", () => {
  it("treats a missing type as string (TR-069 A.3.2.1)", () => {
    assert.equal(normalizeXsdType(undefined), "string");
    assert.equal(normalizeXsdType(""), "string");
  });

  it("keeps an unknown type verbatim so it can be written back", () => {
    assert.equal(normalizeXsdType("xsd:X_ACME_Thing"), "X_ACME_Thing");
  });

  it("drops prefixes and length facets", () => {
    assert.equal(normalizeXsdType(" xsd:string(64) "), "string");
    assert.equal(normalizeXsdType("dateTime"), "dateTime");
  });
});
