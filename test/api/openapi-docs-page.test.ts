import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildOpenApiDocument } from "../../functions/api/openapi.ts";
import { renderOpenApiDocsPage } from "../../functions/api/openapi-docs-page.ts";

describe("renderOpenApiDocsPage", () => {
  it("lists every route and method of the document, and every schema", () => {
    // Prepare
    const document = buildOpenApiDocument();
    // Act
    const page = renderOpenApiDocsPage(document);
    // Assess
    for (const [path, item] of Object.entries(document.paths))
      for (const method of Object.keys(item))
        assert.ok(
          page.includes(`<span class="m">${method}</span><code>${path}</code>`),
          `${method} ${path}`,
        );
    for (const name of Object.keys(document.components.schemas))
      assert.ok(page.includes(`id="schema-${name}"`), name);
  });

  it("shows parameters, links request and response schemas, and loads nothing from elsewhere", () => {
    // Act
    const page = renderOpenApiDocsPage(buildOpenApiDocument());
    // Assess
    assert.match(page, /<td><code>connectionRequest<\/code><\/td><td>query<\/td><td>no<\/td>/);
    assert.match(page, /Request body: <code>application\/json<\/code> <a href="#schema-TaskSpec">/);
    assert.match(page, /<td>202<\/td><td>Queued[^<]*<\/td><td><a href="#schema-Task">Task<\/a>/);
    assert.doesNotMatch(page, /<script|<link|src=|https?:\/\/(?!127\.0\.0\.1|json-schema\.org)/);
  });

  it("escapes text from the document", () => {
    // Act
    const page = renderOpenApiDocsPage({
      info: { title: "<b>x</b>", version: "1" },
      paths: { "/a": { get: { summary: "a & <i>" } } },
    });
    // Assess
    assert.ok(page.includes("&lt;b&gt;x&lt;/b&gt;"));
    assert.ok(page.includes("a &amp; &lt;i&gt;"));
    assert.doesNotMatch(page, /<b>x<\/b>|<i>/);
  });
});
