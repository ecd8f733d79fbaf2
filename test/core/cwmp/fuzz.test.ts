import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createCwmpCodec } from "../../../functions/core/cwmp/cwmp-codec.ts";
import { CwmpDecodeError } from "../../../functions/core/cwmp/cwmp-errors.ts";
import { cwmpNamespaces } from "../../../functions/core/cwmp/namespaces.ts";
import { acsSamples, cpeSamples } from "./samples.ts";

/**
 * Property: whatever bytes arrive, the decoder returns an envelope or throws
 * a CwmpDecodeError. Any other exception (TypeError, RangeError, a parser's
 * bare Error) is a crash the session layer could not answer.
 */
const codec = createCwmpCodec({ limits: { maxChars: 256 * 1024, maxElements: 20_000 } });
const fixtureDir = new URL("../../fixtures/cwmp/", import.meta.url).pathname;

function fixtureTexts(): string[] {
  return readdirSync(fixtureDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".xml"))
    .map((file) => readFileSync(join(fixtureDir, file), "utf8"));
}

const seeds = [
  ...fixtureTexts(),
  ...Object.values(cpeSamples).map((body) =>
    codec.encodeCpeMessage({ cwmpNamespace: cwmpNamespaces[0], header: { id: "1" }, body }),
  ),
  ...Object.values(acsSamples).map((body) =>
    codec.encodeAcsMessage({ cwmpNamespace: cwmpNamespaces[4], header: { id: "2" }, body }),
  ),
];

const fragments = [
  "<",
  ">",
  "</",
  "/>",
  "&",
  "&amp;",
  "&#0;",
  "&#x110000;",
  "&unknown;",
  "<![CDATA[",
  "]]>",
  "<!--",
  "-->",
  "<!DOCTYPE x>",
  "<?xml version='1.0'?>",
  '"',
  "'",
  'xmlns:cwmp="urn:x"',
  'xmlns=""',
  '<Value xsi:type="xsd:int">',
  "<ParameterValueStruct>",
  "__proto__",
  "<constructor>",
  "\u0000",
  "\ud800",
  "é",
];

type Mutation =
  | { kind: "replace"; at: number; length: number; text: string }
  | { kind: "truncate"; at: number }
  | { kind: "duplicate"; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    length: fc.nat({ max: 40 }),
    text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 })),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    at: fc.nat(),
    length: fc.nat({ max: 400 }),
  }),
);

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % text.length;
  switch (m.kind) {
    case "replace":
      return text.slice(0, at) + m.text + text.slice(at + m.length);
    case "truncate":
      return text.slice(0, at);
    case "duplicate":
      return text.slice(0, at + m.length) + text.slice(at);
  }
}

function decodesOrThrowsTyped(text: string): void {
  for (const decode of [codec.decodeCpeMessage, codec.decodeAcsMessage]) {
    try {
      decode(text);
    } catch (error) {
      if (!(error instanceof CwmpDecodeError)) {
        assert.fail(`untyped ${String(error)} for input ${JSON.stringify(text.slice(0, 300))}`);
      }
    }
  }
}

describe("decoder fuzzing", () => {
  it("survives thousands of mutated real and generated envelopes", { timeout: 300_000 }, () => {
    assert.ok(seeds.length > 50, "seed corpus present");
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seed, mutations) => decodesOrThrowsTyped(mutations.reduce(mutate, seed)),
      ),
      { numRuns: 5000 },
    );
  });

  it("survives arbitrary text and bytes", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) =>
        decodesOrThrowsTyped(text),
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom("gzip", "deflate", undefined),
        (bytes, enc) => {
          try {
            decodesOrThrowsTyped(codec.bodyText(bytes, enc));
          } catch (error) {
            if (!(error instanceof CwmpDecodeError)) assert.fail(`untyped ${String(error)}`);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
