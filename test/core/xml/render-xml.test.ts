import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderXml } from "../../../functions/core/xml/render-xml.ts";

describe("renderXml", () => {
  it("renders attributes, text, repeated children and escapes markup", () => {
    // Prepare
    const node = { "@_a": 'x"y', "#text": "1 < 2", item: ["p", { "#text": "q", "@_n": "2" }] };

    // Act
    const xml = renderXml("root", node, 1_000);

    // Assess
    assert.equal(xml, '<root a="x&quot;y">1 &lt; 2<item>p</item><item n="2">q</item></root>');
  });

  it("replaces control characters and cuts the text at the bound", () => {
    // Act
    const short = renderXml("v", "a\u0001b", 100);
    const cut = renderXml("v", "z".repeat(50), 20);

    // Assess
    assert.equal(short, "<v>a?b</v>");
    assert.equal(cut, `<v>${"z".repeat(14)}...`);
    assert.equal(cut.length, 20);
  });
});
