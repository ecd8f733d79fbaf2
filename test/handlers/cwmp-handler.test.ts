import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { createCwmpHandler } from "../../functions/handlers/cwmp-handler.ts";
import { textResponse } from "../../functions/services/cwmp-http.ts";

describe("createCwmpHandler", () => {
  it("hands API Gateway canonically spelled header names", async () => {
    // Prepare
    const handler = createCwmpHandler({
      handle: async () =>
        textResponse(401, "authenticate", { "www-authenticate": 'Digest realm="acs"' }),
    });
    const event = {
      headers: {},
      requestContext: { http: { method: "POST", sourceIp: "192.0.2.1" } },
    } as unknown as APIGatewayProxyEventV2;

    // Act
    const result = await handler(event);

    // Assess
    assert.equal(result.statusCode, 401);
    assert.deepEqual(Object.keys(result.headers ?? {}).sort(), [
      "Content-Type",
      "WWW-Authenticate",
    ]);
  });
});

describe("createCwmpHandler request", () => {
  it("passes the request path, which the digest uri must name", async () => {
    // Prepare
    const seen: string[] = [];
    const handler = createCwmpHandler({
      handle: async (request) => {
        seen.push(request.path);
        return textResponse(204, "");
      },
    });
    const event = (rawPath: string | undefined) =>
      ({
        rawPath,
        headers: {},
        requestContext: { http: { method: "POST", sourceIp: "192.0.2.1" } },
      }) as unknown as APIGatewayProxyEventV2;

    // Act
    await handler(event("/cwmp"));
    await handler(event(undefined));

    // Assess
    assert.deepEqual(seen, ["/cwmp", "/"]);
  });
});
