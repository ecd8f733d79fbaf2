import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { parseConsoleConfig } from "../../functions/console/ui/console-config.ts";
import type { ApiHandler } from "../../functions/handlers/api-handler.ts";
import { withConsole } from "../../functions/local/serve-console.ts";

function request(method: string, rawPath: string): APIGatewayProxyEventV2 {
  return { rawPath, requestContext: { http: { method } }, headers: {} } as APIGatewayProxyEventV2;
}

const api: ApiHandler = async (event) => ({
  statusCode: 401,
  body: `api saw ${event.requestContext.http.method} ${event.rawPath}`,
});

const assets = { script: "console.log('app')", stylesheet: "body{}" };

describe("withConsole (the console in front of the local API)", () => {
  it("answers the page and its assets itself, without asking the API", async () => {
    // Prepare
    const handler = withConsole(api, { assets });
    // Act
    const [page, script, style] = await Promise.all(
      ["/", "/console/app.js", "/console/app.css"].map((path) => handler(request("GET", path))),
    );
    // Assess
    assert.equal(page?.statusCode, 200);
    assert.match(String(page?.body), /<script type="module" src="\/console\/app.js">/);
    assert.doesNotMatch(String(page?.body), /acs-api-token/);
    assert.equal(script?.body, assets.script);
    assert.match(String(script?.headers?.["content-type"]), /javascript/);
    assert.equal(style?.body, assets.stylesheet);
  });

  it("passes every other request, and non-GET requests to its paths, to the API", async () => {
    // Prepare
    const handler = withConsole(api, { assets });
    // Act
    const devices = await handler(request("GET", "/devices"));
    const posted = await handler(request("POST", "/"));
    // Assess
    assert.equal(devices.body, "api saw GET /devices");
    assert.equal(posted.body, "api saw POST /");
  });

  it("writes a given API token into the page, escaped as an attribute", async () => {
    // Prepare
    const handler = withConsole(api, { assets, apiToken: 'a"b<c>' });
    // Act
    const page = await handler(request("GET", "/"));
    // Assess
    assert.match(String(page.body), /<meta name="acs-api-token" content="a&#34;b&#60;c&#62;">/);
  });

  it("serves console-config.json without a token: sign in with the API token, call /api", async () => {
    // Prepare
    const handler = withConsole(api, { assets });
    // Act
    const answer = await handler(request("GET", "/console-config.json"));
    // Assess
    assert.equal(answer.statusCode, 200);
    assert.match(String(answer.headers?.["content-type"]), /^application\/json/);
    assert.deepEqual(parseConsoleConfig(JSON.parse(String(answer.body))), {
      auth: "token",
      apiBase: "/api",
    });
  });

  it("serves a given Cognito console-config.json and lets the page reach the hosted UI", async () => {
    // Prepare
    const cognito = {
      domain: "https://x.auth.eu-west-1.amazoncognito.com",
      clientId: "c",
      region: "r",
    };
    const config = { auth: "cognito", apiBase: "/console-api", cognito } as const;
    const handler = withConsole(api, { assets, config });
    // Act
    const [answer, page] = await Promise.all(
      ["/console-config.json", "/"].map((path) => handler(request("GET", path))),
    );
    // Assess
    assert.deepEqual(parseConsoleConfig(JSON.parse(String(answer?.body))), config);
    assert.match(
      String(page?.headers?.["content-security-policy"]),
      /connect-src 'self' https:\/\/x\.auth\.eu-west-1\.amazoncognito\.com;/,
    );
  });
});
