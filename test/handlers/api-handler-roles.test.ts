import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { createApiHandler } from "../../functions/handlers/api-handler.ts";
import type { ApiGatewayEvent } from "../../functions/handlers/identify-api-caller.ts";
import { apiRig, deviceId } from "../api/api-rig.ts";

/** An HTTP API payload 2.0 event as API Gateway sends it behind its JWT authorizer. */
function jwtEvent(
  method: string,
  rawPath: string,
  claims: Record<string, string>,
  body?: unknown,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: "2.0",
    routeKey: "ANY /console-api/{proxy+}",
    rawPath,
    rawQueryString: "",
    headers: { authorization: "Bearer eyJ...", "content-type": "application/json" },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: {
        principalId: "",
        integrationLatency: 0,
        jwt: {
          claims: {
            sub: "5b2c3d4e-aaaa-bbbb-cccc-111122223333",
            iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example",
            client_id: "1example23456789",
            token_use: "access",
            scope: "openid",
            ...claims,
          },
          scopes: null,
        },
      },
      domainName: "d111111abcdef8.cloudfront.net",
      domainPrefix: "d111111abcdef8",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.1",
        userAgent: "test",
      },
      requestId: "id",
      routeKey: "ANY /console-api/{proxy+}",
      stage: "$default",
      time: "07/Dec/2026:04:00:00 +0000",
      timeEpoch: 1_796_000_000_000,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

/** The same request on the machines' route set behind the IAM authorizer. */
function iamEvent(method: string, rawPath: string, body?: unknown): ApiGatewayEvent {
  const event = jwtEvent(method, rawPath, {}, body);
  return {
    ...event,
    routeKey: "ANY /api/{proxy+}",
    requestContext: {
      ...event.requestContext,
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
    },
  };
}

function setUp() {
  const rig = apiRig();
  rig.addDevice();
  const handler = createApiHandler({ handle: rig.handle });
  const call = async (event: ApiGatewayEvent) => {
    const result = await handler(event);
    return { status: result.statusCode, json: JSON.parse(result.body ?? "{}") };
  };
  return { rig, call };
}

const tasks = `/console-api/devices/${deviceId}/tasks`;

describe("createApiHandler roles", () => {
  it("reads the groups HTTP API flattens to '[viewer operator]' as operator", async () => {
    // Prepare
    const { call } = setUp();

    // Act
    const me = await call(
      jwtEvent("GET", "/console-api/me", {
        "cognito:groups": "[viewer operator]",
        username: "otto",
      }),
    );

    // Assess
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, { principal: "otto", role: "operator", source: "cognito" });
  });

  it("reads groups given as a JSON array's text", async () => {
    // Prepare
    const { call } = setUp();

    // Act
    const me = await call(
      jwtEvent("GET", "/console-api/me", {
        "cognito:groups": '["admin","viewer"]',
        "cognito:username": "ada",
      }),
    );

    // Assess
    assert.deepEqual(me.json, { principal: "ada", role: "admin", source: "cognito" });
  });

  it("refuses a user in none of the role groups with 403", async () => {
    // Prepare
    const { call } = setUp();

    // Act
    const noGroup = await call(jwtEvent("GET", "/console-api/devices", {}));
    const otherGroup = await call(
      jwtEvent("GET", "/console-api/devices", { "cognito:groups": "[staff]" }),
    );

    // Assess
    assert.equal(noGroup.status, 403);
    assert.equal(noGroup.json.error, "forbidden");
    assert.equal(otherGroup.status, 403);
  });

  it("lets a viewer read and refuses its task with 403", async () => {
    // Prepare
    const { call } = setUp();
    const claims = { "cognito:groups": "[viewer]", username: "vera" };

    // Act
    const list = await call(jwtEvent("GET", "/console-api/devices", claims));
    const task = await call(jwtEvent("POST", tasks, claims, { name: "reboot" }));

    // Assess
    assert.equal(list.status, 200);
    assert.equal(task.status, 403);
    assert.deepEqual(task.json, {
      error: "forbidden",
      message: "role viewer may not POST /devices/{id}/tasks",
    });
  });

  it("lets an operator create a campaign and refuses its profile PUT", async () => {
    // Prepare
    const { call } = setUp();
    const claims = { "cognito:groups": "[operator]", username: "otto" };

    // Act
    const campaign = await call(
      jwtEvent("POST", "/console-api/campaigns", claims, {
        filter: { oui: "00D09E" },
        task: { name: "reboot" },
        rate: { connectionRequestsPerSecond: 2, maxInSession: 5 },
      }),
    );
    const profile = await call(jwtEvent("PUT", "/console-api/profiles/p1", claims, {}));

    // Assess
    assert.equal(campaign.status, 201, JSON.stringify(campaign.json));
    assert.equal(profile.status, 403);
  });

  it("lets an admin forget a device, which an operator may not", async () => {
    // Prepare
    const { call } = setUp();
    const device = `/console-api/devices/${deviceId}`;

    // Act
    const byOperator = await call(jwtEvent("DELETE", device, { "cognito:groups": "[operator]" }));
    const byAdmin = await call(jwtEvent("DELETE", device, { "cognito:groups": "[admin]" }));

    // Assess
    assert.equal(byOperator.status, 403);
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.json));
  });

  it("takes an IAM-signed caller on /api for an admin", async () => {
    // Prepare
    const { call } = setUp();

    // Act
    const me = await call(iamEvent("GET", "/api/me"));

    // Assess
    assert.deepEqual(me.json, {
      principal: "arn:aws:sts::123456789012:assumed-role/ops/ops",
      role: "admin",
      source: "iam",
    });
  });

  it("refuses the console's route set without JWT claims", async () => {
    // Prepare
    const { call } = setUp();
    const { requestContext, ...rest } = jwtEvent("GET", "/console-api/me", {});
    const { authorizer: _none, ...bare } = requestContext;

    // Act
    const me = await call({ ...rest, requestContext: bare });

    // Assess
    assert.equal(me.status, 401);
  });
});

describe("createApiHandler local tokens", () => {
  it("gives each bearer token its role", async () => {
    // Prepare
    const rig = apiRig();
    const handler = createApiHandler(
      { handle: rig.handle },
      { bearerToken: "admin-tok", roleTokens: [{ role: "viewer", token: "view-tok" }] },
    );
    const me = async (token: string) => {
      const { requestContext, ...rest } = jwtEvent("GET", "/api/me", {});
      const { authorizer: _none, ...bare } = requestContext;
      const result = await handler({
        ...rest,
        headers: { authorization: `Bearer ${token}` },
        requestContext: bare,
      });
      return { status: result.statusCode, body: JSON.parse(result.body ?? "{}") };
    };

    // Act
    const viewer = await me("view-tok");
    const admin = await me("admin-tok");
    const wrong = await me("view-to");

    // Assess
    assert.equal(viewer.body.role, "viewer");
    assert.equal(admin.body.role, "admin");
    assert.equal(wrong.status, 401);
  });
});
