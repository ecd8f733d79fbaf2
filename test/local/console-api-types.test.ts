import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import openapiTS, { astToString } from "openapi-typescript";

const root = new URL("../../", import.meta.url);

/**
 * The console's API client is typed by functions/console/api-types.ts; this keeps that file
 * what `npm run console:types` makes of the committed OpenAPI document, so the console cannot
 * call a route or read a field the API does not have without failing here or in typecheck.
 */
describe("the console's generated API types", () => {
  it("match the OpenAPI document", { timeout: 60_000 }, async () => {
    // Prepare
    const document = JSON.parse(
      await readFile(new URL("functions/api/openapi.json", root), "utf8"),
    );
    const committed = await readFile(new URL("functions/console/api-types.ts", root), "utf8");
    // Act
    const generated = astToString(await openapiTS(document));
    // Assess
    assert.equal(
      strip(committed),
      strip(generated),
      "functions/console/api-types.ts is stale: run npm run console:types",
    );
  });
});

/** The CLI adds a banner comment and its own line endings; only the declarations matter. */
function strip(source: string): string {
  return source
    .replace(/^\/\*\*[\s\S]*?\*\/\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
}
