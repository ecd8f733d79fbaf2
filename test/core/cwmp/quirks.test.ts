import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { createCwmpCodec } from "../../../functions/core/cwmp/cwmp-codec.ts";
import {
  InvalidCwmpArgumentError,
  UnknownCwmpMethodError,
} from "../../../functions/core/cwmp/cwmp-errors.ts";
import { cwmpNamespaces } from "../../../functions/core/cwmp/namespaces.ts";

/**
 * What real CPEs send that a strict decoder would reject. Each envelope is
 * written here by hand to isolate one quirk; real captures are covered by
 * fixtures.test.ts.
 */
const codec = createCwmpCodec();

function inform(options: {
  env?: string;
  cwmp?: string;
  ns?: string;
  header?: string;
  quote?: string;
  xsd?: string;
  type?: string;
  arrayCount?: number;
  time?: string;
}): string {
  const q = options.quote ?? '"';
  const env = options.env ?? "SOAP-ENV";
  const cwmp = options.cwmp ?? "cwmp";
  const ns = options.ns ?? "urn:dslforum-org:cwmp-1-0";
  const xsd = options.xsd ?? "http://www.w3.org/2001/XMLSchema";
  const header = options.header ?? `<${cwmp}:ID ${env}:mustUnderstand=${q}1${q}>77</${cwmp}:ID>`;
  return (
    `<${env}:Envelope xmlns:${env}=${q}http://schemas.xmlsoap.org/soap/envelope/${q} ` +
    `xmlns:SOAP-ENC=${q}http://schemas.xmlsoap.org/soap/encoding/${q} xmlns:xsd=${q}${xsd}${q} ` +
    `xmlns:xsi=${q}${xsd}-instance${q} xmlns:${cwmp}=${q}${ns}${q}>` +
    (header === "" ? "" : `<${env}:Header>${header}</${env}:Header>`) +
    `<${env}:Body><${cwmp}:Inform><DeviceId><Manufacturer>Acme</Manufacturer><OUI>00D09E</OUI>` +
    `<ProductClass>HGW</ProductClass><SerialNumber>S1</SerialNumber></DeviceId>` +
    `<Event SOAP-ENC:arrayType=${q}${cwmp}:EventStruct[${options.arrayCount ?? 1}]${q}>` +
    `<EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event>` +
    `<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>${options.time ?? "2026-11-24T10:00:00Z"}</CurrentTime>` +
    `<RetryCount>0</RetryCount><ParameterList SOAP-ENC:arrayType=${q}${cwmp}:ParameterValueStruct[1]${q}>` +
    `<ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name>` +
    `<Value xsi:type=${q}${options.type ?? "xsd:string"}${q}>1.0</Value></ParameterValueStruct>` +
    `</ParameterList></${cwmp}:Inform></${env}:Body></${env}:Envelope>`
  );
}

/** A CPE's SOAP Fault envelope around the given Fault content. */
function soapFault(content: string): string {
  return (
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><s:Header><cwmp:ID s:mustUnderstand="1">5</cwmp:ID>' +
    `</s:Header><s:Body><s:Fault>${content}</s:Fault></s:Body></s:Envelope>`
  );
}

function decodedInform(xml: string) {
  const envelope = codec.decodeCpeMessage(xml);
  assert.equal(envelope.body?.method, "Inform");
  return { envelope, body: envelope.body };
}

describe("decoding what real CPEs send", () => {
  for (const ns of cwmpNamespaces) {
    it(`accepts ${ns} and reports it so the answer uses it`, () => {
      assert.equal(decodedInform(inform({ ns })).envelope.cwmpNamespace, ns);
    });
  }

  for (const [env, cwmp] of [
    ["soap-env", "cwmp"],
    ["soap", "cw"],
    ["soapenv", "ns1"],
    ["S", "c"],
  ] as const) {
    it(`parses by namespace whatever the prefixes (${env}:/${cwmp}:)`, () => {
      const { envelope, body } = decodedInform(inform({ env, cwmp }));
      assert.equal(envelope.header.id, "77");
      assert.equal(body.method === "Inform" && body.deviceId.serialNumber, "S1");
    });
  }

  it("accepts single-quoted attributes", () => {
    assert.equal(decodedInform(inform({ quote: "'" })).envelope.header.id, "77");
  });

  it("accepts a missing SOAP Header", () => {
    assert.deepEqual(decodedInform(inform({ header: "" })).envelope.header, {});
  });

  it("reads HoldRequests and NoMoreRequests", () => {
    const header =
      '<cwmp:ID SOAP-ENV:mustUnderstand="1">9</cwmp:ID><cwmp:HoldRequests SOAP-ENV:mustUnderstand="1">1</cwmp:HoldRequests><cwmp:NoMoreRequests>true</cwmp:NoMoreRequests>';
    const { envelope } = decodedInform(inform({ header }));
    assert.deepEqual(envelope.header, { id: "9", holdRequests: true, noMoreRequests: true });
  });

  it("trusts the entries present over a wrong arrayType count", () => {
    const { body } = decodedInform(inform({ arrayCount: 7 }));
    assert.equal(body.method === "Inform" && body.event.length, 1);
  });

  it("accepts the 1999 schema namespaces", () => {
    const { body } = decodedInform(inform({ xsd: "http://www.w3.org/1999/XMLSchema" }));
    assert.equal(body.method === "Inform" && body.parameterList[0]?.type, "string");
  });

  for (const [raw, type] of [
    ["xsd:string(256)", "string"],
    ["xs:unsignedInt", "unsignedInt"],
    ["SOAP-ENC:base64", "base64"],
    ["xsd:base64Binary", "base64"],
    ["xsd:UnsignedInt", "unsignedInt"],
    ["xsd:decimal", "decimal"],
  ] as const) {
    it(`normalises the xsi:type ${raw} to ${type}`, () => {
      const { body } = decodedInform(inform({ type: raw }));
      assert.equal(body.method === "Inform" && body.parameterList[0]?.type, type);
    });
  }

  it("keeps an odd CurrentTime verbatim instead of failing", () => {
    const { body } = decodedInform(inform({ time: "2019-03-05T11:54::14" }));
    assert.equal(body.method === "Inform" && body.currentTime, "2019-03-05T11:54::14");
  });

  it("reads pretty-printed envelopes", () => {
    const pretty = inform({}).replace(/></g, ">\n    <");
    const { body } = decodedInform(pretty);
    assert.equal(body.method === "Inform" && body.parameterList[0]?.value, "1.0");
    assert.equal(body.method === "Inform" && body.deviceId.oui, "00D09E");
  });

  it("reads a method element in a default namespace", () => {
    const xml = inform({})
      .replace("<cwmp:Inform>", '<Inform xmlns="urn:dslforum-org:cwmp-1-1">')
      .replace("</cwmp:Inform>", "</Inform>");
    assert.equal(decodedInform(xml).envelope.cwmpNamespace, "urn:dslforum-org:cwmp-1-1");
  });

  it("decodes entities, numeric references and CDATA in values", () => {
    const xml = inform({}).replace(">1.0<", ">a&amp;b &#x41;&#66; <![CDATA[<x>]]><");
    const { body } = decodedInform(xml);
    assert.equal(body.method === "Inform" && body.parameterList[0]?.value, "a&b AB <x>");
  });

  for (const [encoding, compress] of [
    ["gzip", gzipSync],
    ["x-gzip", gzipSync],
    ["deflate", deflateSync],
    ["deflate", deflateRawSync],
  ] as const) {
    it(`reads a ${encoding} body (${compress.name})`, () => {
      const text = codec.bodyText(compress(Buffer.from(inform({}))), encoding);
      assert.equal(decodedInform(text).envelope.header.id, "77");
    });
  }

  it("reads a gzip body sent without Content-Encoding", () => {
    const text = codec.bodyText(gzipSync(Buffer.from(inform({}))));
    assert.equal(decodedInform(text).envelope.header.id, "77");
  });

  it("reads bytes that are not UTF-8 as ISO-8859-1 instead of replacing them", () => {
    const latin1 = Buffer.from(inform({}).replace(">1.0<", ">caf\u00e9<"), "latin1");
    const { body } = decodedInform(codec.bodyText(latin1));
    assert.equal(body.method === "Inform" && body.parameterList[0]?.value, "caf\u00e9");
  });

  it("treats an envelope with an empty Body as an empty message", () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Body/></soap:Envelope>';
    const envelope = codec.decodeCpeMessage(xml);
    assert.equal(envelope.body, null);
    assert.equal(envelope.cwmpNamespace, "urn:dslforum-org:cwmp-1-2");
  });

  it("reads a CPE fault with SetParameterValuesFault entries", () => {
    const xml =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><s:Header><cwmp:ID s:mustUnderstand="1">5</cwmp:ID></s:Header><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString><SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode>9007</FaultCode><FaultString>bad</FaultString></SetParameterValuesFault></cwmp:Fault></detail></s:Fault></s:Body></s:Envelope>';
    const { body } = codec.decodeCpeMessage(xml);
    assert.deepEqual(body, {
      method: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 9003,
      faultString: "Invalid arguments",
      setParameterValuesFault: [{ parameterName: "Device.A", faultCode: 9007, faultString: "bad" }],
    });
  });

  it("finds the cwmp:Fault an agent nests inside faultstring", () => {
    // Prepare
    const xml = soapFault(
      "<faultcode>Client</faultcode><faultstring>CWMP fault<detail><cwmp:Fault>" +
        "<FaultCode>9005</FaultCode><FaultString>Invalid parameter name</FaultString>" +
        "</cwmp:Fault></detail></faultstring>",
    );

    // Act
    const { body } = codec.decodeCpeMessage(xml);

    // Assess
    assert.deepEqual(body, {
      method: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 9005,
      faultString: "Invalid parameter name",
      setParameterValuesFault: [],
    });
  });

  it("finds a cwmp:Fault with SetParameterValuesFault entries at any depth", () => {
    // Prepare
    const xml = soapFault(
      "<faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><x:Wrapper " +
        'xmlns:x="urn:example"><cwmp:Fault><FaultCode>9003</FaultCode><FaultString>Invalid ' +
        "arguments</FaultString><SetParameterValuesFault><ParameterName>Device.A</ParameterName>" +
        "<FaultCode>9008</FaultCode><FaultString>read-only</FaultString>" +
        "</SetParameterValuesFault></cwmp:Fault></x:Wrapper></detail>",
    );

    // Act
    const { body } = codec.decodeCpeMessage(xml);

    // Assess
    assert.equal(body?.method === "Fault" && body.faultCode, 9003);
    assert.deepEqual(body?.method === "Fault" && body.setParameterValuesFault, [
      { parameterName: "Device.A", faultCode: 9008, faultString: "read-only" },
    ]);
  });

  it("marks a SOAP Fault without any cwmp:Fault as unparseable and keeps its text", () => {
    // Prepare
    const xml = soapFault(
      "<faultcode>Server</faultcode><faultstring>Internal &amp; unexpected</faultstring>",
    );

    // Act
    const { body } = codec.decodeCpeMessage(xml);

    // Assess
    assert.ok(body?.method === "Fault");
    assert.equal(body.faultCode, 0);
    assert.equal(
      body.faultString,
      "unparseable fault: no cwmp:Fault with a FaultCode in the SOAP Fault",
    );
    assert.equal(body.faultcode, "Server");
    assert.deepEqual(body.unparseable, {
      raw: "<Fault><faultcode>Server</faultcode><faultstring>Internal &amp; unexpected</faultstring></Fault>",
    });
  });

  it("marks a FaultCode that is no number as unparseable instead of refusing the envelope", () => {
    // Prepare
    const xml = soapFault(
      "<faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>" +
        "<FaultCode>nine thousand</FaultCode><FaultString>?</FaultString></cwmp:Fault></detail>",
    );

    // Act
    const { body } = codec.decodeCpeMessage(xml);

    // Assess
    assert.ok(body?.method === "Fault");
    assert.equal(
      body.faultString,
      'unparseable fault: FaultCode "nine thousand" is not a fault code',
    );
    assert.match(body.unparseable?.raw ?? "", /<FaultCode>nine thousand<\/FaultCode>/);
  });

  it("bounds the raw text it keeps of an unparseable fault", () => {
    // Prepare
    const xml = soapFault(
      `<faultcode>Server</faultcode><faultstring>${"x".repeat(10_000)}</faultstring>`,
    );

    // Act
    const { body } = codec.decodeCpeMessage(xml);

    // Assess
    assert.ok(body?.method === "Fault");
    assert.equal(body.unparseable?.raw.length, 2048);
    assert.ok(body.unparseable?.raw.endsWith("..."));
  });

  it("names an unknown method in a typed error with the envelope to answer in", () => {
    const xml = inform({ ns: "urn:dslforum-org:cwmp-1-3" }).replace(
      /cwmp:Inform>/g,
      "cwmp:X_Frobnicate>",
    );
    assert.throws(
      () => codec.decodeCpeMessage(xml),
      (error) =>
        error instanceof UnknownCwmpMethodError &&
        error.method === "X_Frobnicate" &&
        error.envelope?.cwmpNamespace === "urn:dslforum-org:cwmp-1-3" &&
        error.envelope.id === "77",
    );
  });

  it("rejects an unreadable argument with the path to it", () => {
    const xml = inform({}).replace("<RetryCount>0</RetryCount>", "<RetryCount>lots</RetryCount>");
    assert.throws(
      () => codec.decodeCpeMessage(xml),
      (error) => error instanceof InvalidCwmpArgumentError && error.path === "Inform/RetryCount",
    );
  });
});
