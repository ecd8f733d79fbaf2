import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeXml, InvalidXmlCharacterError } from "../../../functions/core/xml/escape-xml.ts";

describe("escapeXml", () => {
  it("escapes every markup character", () => {
    assert.equal(escapeXml(`a&b<c>d"e'f`), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  });

  it("passes plain and non-ASCII text through", () => {
    assert.equal(escapeXml("café 😀\ttab\nline"), "café 😀\ttab\nline");
  });

  it("refuses characters XML 1.0 cannot carry", () => {
    assert.throws(() => escapeXml("a\u0000b"), InvalidXmlCharacterError);
    assert.throws(() => escapeXml("a\u001bb"), InvalidXmlCharacterError);
    assert.throws(() => escapeXml("lone \ud800 surrogate"), InvalidXmlCharacterError);
    assert.throws(() => escapeXml("<\ufffe>"), InvalidXmlCharacterError);
  });
});
