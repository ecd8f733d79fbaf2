import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ALBEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import {
  AlbSetCookieLimitError,
  albResultFromCwmp,
  createCwmpAlbHandler,
  cwmpRequestFromAlb,
} from "../../functions/handlers/cwmp-alb-handler.ts";
import {
  createCwmpLambdaHandler,
  isAlbEvent,
} from "../../functions/handlers/cwmp-lambda-handler.ts";
import type { CwmpHttpRequest, CwmpHttpResponse } from "../../functions/services/cwmp-http.ts";

const inform = "<soap:Envelope>Inform</soap:Envelope>";

function albEvent(overrides: Partial<ALBEvent> = {}): ALBEvent {
  return {
    requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:tg/x" } },
    httpMethod: "POST",
    path: "/cwmp",
    headers: {
      "content-type": "text/xml",
      cookie: "other=1; acs_sid=dev-1:abcdefghijklmnop",
      "x-forwarded-for": "198.51.100.9, 203.0.113.7",
    },
    body: inform,
    isBase64Encoded: false,
    ...overrides,
  };
}

/** A session service that records what it was handed and answers `response`. */
function recordingService(response: CwmpHttpResponse) {
  const seen: CwmpHttpRequest[] = [];
  const service = {
    handle: async (request: CwmpHttpRequest) => {
      seen.push(request);
      return response;
    },
  };
  return { seen, service };
}

describe("cwmpRequestFromAlb", () => {
  it("takes method, path, lower-cased headers and the cookies of the cookie header", () => {
    // Prepare
    const event = albEvent({ headers: { "Content-Type": "text/xml", Cookie: "acs_sid=d:s" } });

    // Act
    const request = cwmpRequestFromAlb(event);

    // Assess
    assert.equal(request.method, "POST");
    assert.equal(request.path, "/cwmp");
    assert.deepEqual(request.headers, { "content-type": "text/xml", cookie: "acs_sid=d:s" });
    assert.deepEqual({ ...request.cookies }, { acs_sid: "d:s" });
  });

  it("decodes a base64 body and passes a plain one as UTF-8", () => {
    // Prepare
    const encoded = albEvent({
      body: Buffer.from(inform).toString("base64"),
      isBase64Encoded: true,
    });
    const plain = albEvent({ body: "Grüße" });

    // Act
    const fromEncoded = cwmpRequestFromAlb(encoded);
    const fromPlain = cwmpRequestFromAlb(plain);

    // Assess
    assert.equal(Buffer.from(fromEncoded.body).toString("utf8"), inform);
    assert.deepEqual(Buffer.from(fromPlain.body), Buffer.from("Grüße", "utf8"));
  });

  it("gives an empty body for the empty POST that asks for the ACS's next request", () => {
    // Prepare (TR-069 §3.7.2.4: the CPE sends an empty HTTP POST)
    const event = albEvent({ body: null, headers: {} });

    // Act
    const request = cwmpRequestFromAlb(event);

    // Assess
    assert.equal(request.body.byteLength, 0);
    assert.deepEqual({ ...request.cookies }, {});
  });

  it("takes the source address the ALB appended to X-Forwarded-For, not the client's claims", () => {
    // Act
    const request = cwmpRequestFromAlb(albEvent());

    // Assess
    assert.equal(request.sourceIp, "203.0.113.7");
  });

  it("names no source address when X-Forwarded-For is missing", () => {
    // Act
    const request = cwmpRequestFromAlb(albEvent({ headers: {} }));

    // Assess
    assert.equal(request.sourceIp, undefined);
  });
});

describe("albResultFromCwmp", () => {
  it("spells header names canonically and puts the session cookie in Set-Cookie", () => {
    // Prepare
    const response: CwmpHttpResponse = {
      status: 200,
      headers: { "content-type": 'text/xml; charset="utf-8"' },
      cookies: ["acs_sid=d:s; Path=/; HttpOnly"],
      body: "<soap:Envelope/>",
    };

    // Act
    const result = albResultFromCwmp(response);

    // Assess
    assert.deepEqual(result, {
      statusCode: 200,
      statusDescription: "200 OK",
      headers: {
        "Content-Type": 'text/xml; charset="utf-8"',
        "Set-Cookie": "acs_sid=d:s; Path=/; HttpOnly",
      },
      body: "<soap:Envelope/>",
      isBase64Encoded: false,
    });
  });

  it("answers a 401 challenge with WWW-Authenticate and no Set-Cookie", () => {
    // Prepare
    const response: CwmpHttpResponse = {
      status: 401,
      headers: { "www-authenticate": 'Digest realm="acs"' },
      body: "",
    };

    // Act
    const result = albResultFromCwmp(response);

    // Assess
    assert.equal(result.statusDescription, "401 Unauthorized");
    assert.deepEqual(result.headers, { "WWW-Authenticate": 'Digest realm="acs"' });
  });

  it("refuses two Set-Cookie values, which a single-value ALB response cannot carry", () => {
    // Prepare
    const response: CwmpHttpResponse = {
      status: 200,
      headers: {},
      cookies: ["a=1", "b=2"],
      body: "",
    };

    // Act + Assess
    assert.throws(
      () => albResultFromCwmp(response),
      (error) => error instanceof AlbSetCookieLimitError && error.count === 2,
    );
  });
});

describe("createCwmpAlbHandler", () => {
  it("hands the service the translated request and the ALB its result", async () => {
    // Prepare
    const { seen, service } = recordingService({ status: 204, headers: {}, body: "" });
    const handler = createCwmpAlbHandler(service);

    // Act
    const result = await handler(albEvent());

    // Assess
    assert.equal(seen.length, 1);
    assert.equal(Buffer.from(seen[0]?.body ?? []).toString("utf8"), inform);
    assert.deepEqual(result, {
      statusCode: 204,
      statusDescription: "204 No Content",
      headers: {},
      body: "",
      isBase64Encoded: false,
    });
  });
});

describe("createCwmpLambdaHandler", () => {
  const httpApiEvent = {
    headers: { cookie: "acs_sid=d:s" },
    cookies: ["acs_sid=d:s"],
    body: inform,
    isBase64Encoded: false,
    rawPath: "/cwmp",
    requestContext: { http: { method: "POST", sourceIp: "192.0.2.1" } },
  } as unknown as APIGatewayProxyEventV2;

  it("tells ALB events from HTTP API events by requestContext.elb", () => {
    assert.equal(isAlbEvent(albEvent()), true);
    assert.equal(isAlbEvent(httpApiEvent), false);
  });

  it("answers an ALB event in the ALB's shape and an HTTP API event in payload 2.0", async () => {
    // Prepare
    const { seen, service } = recordingService({
      status: 200,
      headers: {},
      cookies: ["acs_sid=d:s; Path=/; HttpOnly"],
      body: "",
    });
    const handler = createCwmpLambdaHandler(service);

    // Act
    const fromAlb = await handler(albEvent());
    const fromHttpApi = await handler(httpApiEvent);

    // Assess
    assert.deepEqual(
      seen.map((request) => request.sourceIp),
      ["203.0.113.7", "192.0.2.1"],
    );
    assert.equal(
      (fromAlb.headers as Record<string, string>)["Set-Cookie"],
      "acs_sid=d:s; Path=/; HttpOnly",
    );
    assert.equal("statusDescription" in fromHttpApi, false);
    assert.deepEqual("cookies" in fromHttpApi && fromHttpApi.cookies, [
      "acs_sid=d:s; Path=/; HttpOnly",
    ]);
  });
});
