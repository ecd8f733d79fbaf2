import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { ALBEvent, ALBResult, APIGatewayProxyEventV2 } from "aws-lambda";
import { createCwmpLambdaHandler } from "../../functions/handlers/cwmp-lambda-handler.ts";
import type { CwmpHttpRequest, CwmpHttpResponse } from "../../functions/services/cwmp-http.ts";

/** Events as API Gateway (payload 2.0) and the ALB deliver them, per the AWS Lambda guides. */
function fixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/lambda-events/${name}`, import.meta.url), "utf8"),
  );
}

const informBody =
  '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Body><cwmp:Inform/></soap-env:Body></soap-env:Envelope>';
const mtlsGroup = "AcsdevFrontDoorCwmpMtlsE5F6A7B8";
const opened: CwmpHttpResponse = {
  status: 200,
  headers: { "content-type": "text/xml" },
  cookies: ["acs_sid=00D09E-HGW-S1:new; Path=/; HttpOnly; Secure"],
  body: "<InformResponse/>",
};

function rig(response: CwmpHttpResponse = opened) {
  const seen: CwmpHttpRequest[] = [];
  const handler = createCwmpLambdaHandler(
    {
      handle: async (request: CwmpHttpRequest) => {
        seen.push(request);
        return response;
      },
    },
    { mtlsTargetGroupName: mtlsGroup },
  );
  return { seen, handler };
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1);
  return items[0] as T;
}

/** Every recorded event carries the same Inform, cookies and client address. */
function assertRecordedInform(request: CwmpHttpRequest) {
  assert.equal(Buffer.from(request.body).toString("utf8"), informBody);
  assert.deepEqual(
    { ...request.cookies },
    { other: "1", acs_sid: "00D09E-HGW-S1:abcdefghijklmnop" },
  );
  assert.equal(request.sourceIp, "203.0.113.7");
}

describe("CWMP events from API Gateway v2 and the ALB (recorded shapes)", () => {
  it("API Gateway v2: cookies list, base64 body, Set-Cookie in cookies, certificate headers never trusted", async () => {
    // Prepare
    const { seen, handler } = rig();

    // Act
    const result = await handler(fixture<APIGatewayProxyEventV2>("api-gateway-v2.json"));

    // Assess
    const request = only(seen);
    assertRecordedInform(request);
    assert.equal(request.clientCertificate, undefined);
    assert.deepEqual("cookies" in result && result.cookies, opened.cookies);
  });

  it("ALB, single-value headers: cookie header, plain body, Set-Cookie header, forged certificate dropped", async () => {
    // Prepare
    const { seen, handler } = rig();

    // Act
    const result = (await handler(fixture<ALBEvent>("alb.json"))) as ALBResult;

    // Assess
    const request = only(seen);
    assertRecordedInform(request);
    assert.equal(request.clientCertificate, undefined);
    assert.equal(request.headers["x-amzn-mtls-clientcert-subject"], undefined);
    assert.equal(result.headers?.["Set-Cookie"], opened.cookies?.[0]);
    assert.equal(result.multiValueHeaders, undefined);
  });

  it("ALB, multi-value headers: joined cookie lines, base64 body, answered in multiValueHeaders", async () => {
    // Prepare
    const twoCookies = { ...opened, cookies: ["a=1", "acs_sid=x:y"] };
    const { seen, handler } = rig(twoCookies);

    // Act
    const result = (await handler(fixture<ALBEvent>("alb-multi-value.json"))) as ALBResult;

    // Assess
    const request = only(seen);
    assertRecordedInform(request);
    assert.deepEqual(result.multiValueHeaders?.["Set-Cookie"], ["a=1", "acs_sid=x:y"]);
    assert.deepEqual(result.multiValueHeaders?.["Content-Type"], ["text/xml"]);
    assert.equal(result.headers, undefined);
  });

  it("ALB mTLS target group: the verified certificate reaches the service", async () => {
    // Prepare
    const { seen, handler } = rig();

    // Act
    await handler(fixture<ALBEvent>("alb-mtls.json"));

    // Assess
    assert.deepEqual(only(seen).clientCertificate, {
      subject: "CN=00D09E-HGW-S1,OU=CPE,O=Example Operator,C=DE",
      serialNumber: "5A1F3C0D",
      issuer: "CN=Example CPE CA,O=Example Operator,C=DE",
    });
  });

  it("ALB mTLS target group without certificate headers: 403, the service never called", async () => {
    // Prepare
    const { seen, handler } = rig();
    const event = fixture<ALBEvent>("alb-mtls.json");
    const headers = Object.fromEntries(
      Object.entries(event.headers ?? {}).filter(([name]) => !name.startsWith("x-amzn-mtls-")),
    );

    // Act
    const result = (await handler({ ...event, headers })) as ALBResult;

    // Assess
    assert.equal(result.statusCode, 403);
    assert.equal(seen.length, 0);
  });
});
