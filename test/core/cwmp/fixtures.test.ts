import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { CpeMessage } from "../../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../../functions/core/cwmp/cwmp-codec.ts";
import { normalizeXsdType } from "../../../functions/core/cwmp/xsd-type.ts";

/**
 * Real CPE traffic (test/fixtures/cwmp/README.md cites each source). The
 * facts in index.json were extracted from the XML by a script, so these
 * tests check our decoder against the bytes, not against itself.
 */
interface FixtureEntry {
  readonly file: string;
  readonly vendor: string;
  readonly kind: string;
  readonly root: string | null;
  readonly cwmpNamespace: string;
  readonly expect: Readonly<Record<string, unknown>>;
}

const dir = new URL("../../fixtures/cwmp/", import.meta.url);
const index = JSON.parse(readFileSync(new URL("index.json", dir), "utf8")) as FixtureEntry[];
const codec = createCwmpCodec();

function parametersOf(
  body: CpeMessage | null,
): readonly { name: string; value: string; type: string }[] {
  if (body && "parameterList" in body && body.method !== "GetParameterNamesResponse") {
    return body.parameterList as readonly { name: string; value: string; type: string }[];
  }
  return [];
}

describe("real CPE traffic", () => {
  it("covers at least five vendors and both data-model roots", () => {
    assert.ok(new Set(index.map((entry) => entry.vendor.toLowerCase())).size >= 5);
    const roots = new Set(index.map((entry) => entry.root));
    assert.ok(roots.has("Device.") && roots.has("InternetGatewayDevice."));
  });

  for (const entry of index) {
    describe(`${entry.file} (${entry.vendor} ${entry.kind})`, () => {
      const text = codec.bodyText(readFileSync(new URL(entry.file, dir)));
      const envelope = codec.decodeCpeMessage(text);
      const { body } = envelope;
      const expect = entry.expect;

      it("decodes to the right method in the right namespace", () => {
        assert.equal(body?.method, entry.kind);
        assert.equal(envelope.cwmpNamespace, entry.cwmpNamespace);
        if ("cwmpId" in expect) assert.equal(envelope.header.id, expect.cwmpId ?? undefined);
      });

      it("extracts the facts the source shows", () => {
        const parameters = parametersOf(body);
        if (body?.method === "Inform") {
          if (expect.deviceId) assert.deepEqual(body.deviceId, expect.deviceId);
          if (expect.events) {
            assert.deepEqual(
              body.event.map((e) => e.eventCode),
              expect.events,
            );
          }
          if ("retryCount" in expect) assert.equal(body.retryCount, expect.retryCount);
          if ("maxEnvelopes" in expect) assert.equal(body.maxEnvelopes, expect.maxEnvelopes);
          if ("currentTimeText" in expect) assert.equal(body.currentTime, expect.currentTimeText);
        }
        if (body?.method === "GetParameterNamesResponse") {
          const names = body.parameterList;
          assert.equal(names.length, expect.parameterCount);
          assert.equal(names.filter((p) => p.writable).length, expect.writableCount);
          assert.equal(names.filter((p) => p.name.endsWith(".")).length, expect.objectNameCount);
          return;
        }
        if (body?.method === "Fault") {
          assert.equal(body.faultCode, expect.faultCode);
          assert.equal(body.faultcode, expect.soapFaultCode);
          assert.deepEqual(body.setParameterValuesFault, expect.setParameterValuesFault);
        }
        if ("status" in expect && body && "status" in body)
          assert.equal(body.status, expect.status);
        if ("parameterCount" in expect) assert.equal(parameters.length, expect.parameterCount);
        const sample = expect.sampleParameter as
          | { name: string; value: string; type: string }
          | undefined;
        if (sample) {
          const found = parameters.find((p) => p.name === sample.name);
          assert.ok(found, `parameter ${sample.name} decoded`);
          assert.equal(found.value, sample.value);
          assert.equal(found.type, normalizeXsdType(sample.type));
        }
        if (entry.root) {
          for (const p of parameters) assert.ok(p.name.startsWith(entry.root), p.name);
        }
      });

      it("re-encodes to an envelope that decodes the same", () => {
        const again = codec.decodeCpeMessage(codec.encodeCpeMessage(envelope));
        assert.deepEqual(again, envelope);
      });
    });
  }
});
