import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildOpenApiDocument } from "../../functions/api/openapi.ts";
import { createApiHandler } from "../../functions/handlers/api-handler.ts";
import type { ApiGatewayEvent } from "../../functions/handlers/identify-api-caller.ts";
import { apiRig } from "../api/api-rig.ts";

/** A GET on the machines' route set, as API Gateway sends it behind the IAM authorizer. */
function iamGet(rawPath: string): ApiGatewayEvent {
  return {
    version: "2.0",
    routeKey: "ANY /api/{proxy+}",
    rawPath,
    rawQueryString: "",
    headers: {},
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: {
        iam: {
          accessKey: "ASIAEXAMPLE",
          accountId: "123456789012",
          callerId: "AROAEXAMPLE:ops",
          cognitoIdentity: null,
          principalOrgId: "",
          userArn: "arn:aws:sts::123456789012:assumed-role/ops/ops",
          userId: "AROAEXAMPLE:ops",
        },
      },
      domainName: "api.example.net",
      domainPrefix: "api",
      http: {
        method: "GET",
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.1",
        userAgent: "test",
      },
      requestId: "id",
      routeKey: "ANY /api/{proxy+}",
      stage: "$default",
      time: "07/Dec/2026:04:00:00 +0000",
      timeEpoch: 1_796_000_000_000,
    },
    isBase64Encoded: false,
  } as ApiGatewayEvent;
}

describe("API handler: the OpenAPI document, built on first request", () => {
  it("answers GET /openapi.json with the document, the same on every request", async () => {
    // Prepare
    const handler = createApiHandler({ handle: apiRig().handle });

    // Act
    const first = await handler(iamGet("/api/openapi.json"));
    const second = await handler(iamGet("/api/openapi.json"));

    // Assess
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers?.["content-type"], "application/json");
    assert.deepEqual(JSON.parse(first.body ?? ""), buildOpenApiDocument());
    assert.equal(second.body, first.body);
  });

  it("answers GET /docs with the HTML reference rendered from the document", async () => {
    // Prepare
    const handler = createApiHandler({ handle: apiRig().handle });

    // Act
    const docs = await handler(iamGet("/api/docs"));

    // Assess
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers?.["content-type"]), /^text\/html/);
    assert.match(docs.body ?? "", /Serverless ACS provisioning API/);
    assert.match(docs.body ?? "", /\/devices/);
  });
});
