import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { createCwmpCodec } from "../../../functions/core/cwmp/cwmp-codec.ts";
import {
  CwmpBodyEncodingError,
  CwmpDecodeError,
  CwmpMalformedBodyError,
  NotSoapEnvelopeError,
  UnsupportedCwmpVersionError,
} from "../../../functions/core/cwmp/cwmp-errors.ts";
import { decodeErrorAnswer } from "../../../functions/core/cwmp/decode-error-answer.ts";
import {
  ForbiddenXmlConstructError,
  MalformedXmlError,
  XmlLimitExceededError,
} from "../../../functions/core/xml/xml-errors.ts";

const codec = createCwmpCodec({
  limits: { maxChars: 64 * 1024, maxDepth: 16, maxElements: 500, maxAttributeLength: 256 },
});

const envelopeStart =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><s:Body>';
const envelopeEnd = "</s:Body></s:Envelope>";

function rejectsWith(xml: string, check: (cause: unknown) => boolean): void {
  assert.throws(
    () => codec.decodeCpeMessage(xml),
    (error) => error instanceof CwmpMalformedBodyError && check(error.cause),
  );
}

describe("hostile and malformed bodies", () => {
  it("refuses a DOCTYPE (no XXE)", () => {
    const xml = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${envelopeStart}<cwmp:GetRPCMethods>&e;</cwmp:GetRPCMethods>${envelopeEnd}`;
    rejectsWith(
      xml,
      (cause) => cause instanceof ForbiddenXmlConstructError && cause.construct === "DOCTYPE",
    );
  });

  it("refuses entity declarations (no billion laughs)", () => {
    const laughs = `<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">`;
    rejectsWith(
      `${laughs}${envelopeStart}${envelopeEnd}`,
      (cause) => cause instanceof ForbiddenXmlConstructError,
    );
  });

  it("bounds the body size, reported as 413", () => {
    const xml = `${envelopeStart}<cwmp:GetRPCMethods>${"x".repeat(70_000)}</cwmp:GetRPCMethods>${envelopeEnd}`;
    rejectsWith(
      xml,
      (cause) => cause instanceof XmlLimitExceededError && cause.limit === "bodyBytes",
    );
    try {
      codec.decodeCpeMessage(xml);
    } catch (error) {
      assert.deepEqual(decodeErrorAnswer(error), {
        kind: "http",
        status: 413,
        reason: "XML limit exceeded: bodyBytes > 65536",
      });
    }
  });

  it("bounds a gzip bomb while inflating", () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 64 * 1024);
    assert.throws(
      () => codec.bodyText(bomb, "gzip"),
      (error) =>
        error instanceof CwmpMalformedBodyError && error.cause instanceof XmlLimitExceededError,
    );
  });

  it("answers a corrupt gzip stream with a typed error (415)", () => {
    assert.throws(
      () => codec.bodyText(Buffer.from("not gzip at all"), "gzip"),
      (error) =>
        error instanceof CwmpBodyEncodingError && decodeErrorAnswer(error)?.kind === "http",
    );
  });

  it("bounds element depth", () => {
    const deep = `${"<a>".repeat(40)}${"</a>".repeat(40)}`;
    rejectsWith(
      `${envelopeStart}${deep}${envelopeEnd}`,
      (cause) => cause instanceof XmlLimitExceededError && cause.limit === "depth",
    );
  });

  it("bounds the element count", () => {
    const many = "<x/>".repeat(600);
    rejectsWith(
      `${envelopeStart}${many}${envelopeEnd}`,
      (cause) => cause instanceof XmlLimitExceededError && cause.limit === "elements",
    );
  });

  it("bounds attribute length", () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" junk="${"j".repeat(300)}"><s:Body/></s:Envelope>`;
    rejectsWith(
      xml,
      (cause) => cause instanceof XmlLimitExceededError && cause.limit === "attributeLength",
    );
  });

  it("refuses a truncated body rather than reading fewer parameters", () => {
    const xml = `${envelopeStart}<cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Name>A</Name><Value>1</Value></ParameterValueStruct>`;
    rejectsWith(xml, (cause) => cause instanceof MalformedXmlError);
  });

  it("refuses text that is not XML", () => {
    assert.throws(() => codec.decodeCpeMessage("hello"), CwmpDecodeError);
    assert.throws(() => codec.decodeCpeMessage(""), CwmpDecodeError);
  });

  it("refuses XML that is not a SOAP envelope, answered 400", () => {
    assert.throws(
      () => codec.decodeCpeMessage("<Envelope><Body/></Envelope>"),
      (error) => error instanceof NotSoapEnvelopeError && decodeErrorAnswer(error)?.kind === "http",
    );
  });

  it("refuses an envelope without Body", () => {
    const xml =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>';
    assert.throws(() => codec.decodeCpeMessage(xml), NotSoapEnvelopeError);
  });

  it("answers an unknown CWMP version with fault 8006", () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-9-9"><s:Body><c:Inform/></s:Body></s:Envelope>`;
    assert.throws(
      () => codec.decodeCpeMessage(xml),
      (error) =>
        error instanceof UnsupportedCwmpVersionError && decodeErrorAnswer(error)?.kind === "fault",
    );
  });

  it("is not fooled by prototype names as element names", () => {
    const xml = `${envelopeStart}<cwmp:constructor/>${envelopeEnd}`;
    const answer = (() => {
      try {
        codec.decodeCpeMessage(xml);
        return undefined;
      } catch (error) {
        return decodeErrorAnswer(error);
      }
    })();
    assert.equal(answer?.kind === "fault" && answer.faultCode, 8000);
  });
});
