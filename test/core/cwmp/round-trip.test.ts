import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCwmpCodec } from "../../../functions/core/cwmp/cwmp-codec.ts";
import { cwmpNamespaces } from "../../../functions/core/cwmp/namespaces.ts";
import { acsSamples, cpeSamples } from "./samples.ts";

const codec = createCwmpCodec();

describe("CWMP codec round trip", () => {
  describe("every ACS -> CPE message", () => {
    for (const message of Object.values(acsSamples)) {
      it(`${message.method} decodes to what was encoded`, () => {
        // Prepare
        const envelope = {
          cwmpNamespace: cwmpNamespaces[2],
          header: { id: "id-7" },
          body: message,
        };
        // Act
        const xml = codec.encodeAcsMessage(envelope);
        const decoded = codec.decodeAcsMessage(xml);
        // Assess
        assert.deepEqual(decoded, envelope);
      });
    }
  });

  describe("every CPE -> ACS message", () => {
    for (const message of Object.values(cpeSamples)) {
      it(`${message.method} decodes to what was encoded`, () => {
        const envelope = { cwmpNamespace: cwmpNamespaces[0], header: { id: "42" }, body: message };
        const xml = codec.encodeCpeMessage(envelope);
        assert.deepEqual(codec.decodeCpeMessage(xml), envelope);
      });
    }
  });

  describe("what strict CPEs can parse", () => {
    const xml = codec.encodeAcsMessage({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      header: { id: "1" },
      body: acsSamples.SetParameterValues,
    });

    it("has no whitespace between elements", () => {
      assert.doesNotMatch(xml, />\s+</);
    });

    it("has no XML declaration unless configured", () => {
      assert.ok(xml.startsWith("<soap-env:Envelope"));
      const declared = createCwmpCodec({ xmlDeclaration: true }).encodeAcsMessage({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        header: {},
        body: acsSamples.GetRPCMethods,
      });
      assert.ok(declared.startsWith('<?xml version="1.0" encoding="UTF-8"?><soap-env:Envelope'));
    });

    it("escapes every text value", () => {
      assert.match(xml, /<Value xsi:type="xsd:string">home &amp; &lt;away&gt;<\/Value>/);
    });

    it("types each SetParameterValues value with xsi:type", () => {
      for (const type of [
        "string",
        "unsignedInt",
        "int",
        "boolean",
        "dateTime",
        "base64",
        "long",
      ]) {
        assert.match(xml, new RegExp(`xsi:type="xsd:${type}"`));
      }
      assert.match(xml, /xsi:type="xsd:unsignedLong"/);
      assert.match(xml, /xsi:type="xsd:hexBinary"/);
    });

    it("declares arrays with their SOAP-encoded type and length", () => {
      assert.match(xml, /<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct\[9\]">/);
    });

    it("sends cwmp:ID with mustUnderstand", () => {
      assert.match(xml, /<cwmp:ID soap-env:mustUnderstand="1">1<\/cwmp:ID>/);
    });
  });

  describe("InformResponse", () => {
    for (const ns of cwmpNamespaces) {
      it(`answers in ${ns} and echoes the cwmp:ID`, () => {
        const xml = codec.encodeAcsMessage({
          cwmpNamespace: ns,
          header: { id: "abc" },
          body: { method: "InformResponse", maxEnvelopes: 1 },
        });
        assert.match(xml, new RegExp(`xmlns:cwmp="${ns}"`));
        assert.match(
          xml,
          /<cwmp:InformResponse><MaxEnvelopes>1<\/MaxEnvelopes><\/cwmp:InformResponse>/,
        );
        assert.match(xml, />abc<\/cwmp:ID>/);
      });
    }
  });
});
