import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, describe, it } from "node:test";
import {
  createUrlGuard,
  type HttpCrOptions,
  sendHttpConnectionRequest,
} from "../../../functions/adapters/http-cr/index.ts";
import { parseAuthorization } from "../../../functions/core/http-digest/index.ts";
import {
  type DigestTestServer,
  type DigestTestServerOptions,
  startDigestTestServer,
} from "../../support/digest-test-server.ts";

const guard = createUrlGuard({ allowCidrs: ["127.0.0.1/32"] });
const users = { acs: "cr-secret" };
const servers: DigestTestServer[] = [];

async function serve(options: Partial<DigestTestServerOptions> = {}): Promise<DigestTestServer> {
  const server = await startDigestTestServer({ users, ...options });
  servers.push(server);
  return server;
}

function send(url: string, overrides: Partial<HttpCrOptions> = {}) {
  return sendHttpConnectionRequest({
    url,
    username: "acs",
    password: "cr-secret",
    connectTimeoutMs: 2_000,
    responseTimeoutMs: 2_000,
    guard,
    ...overrides,
  });
}

describe("sendHttpConnectionRequest (node digest server)", () => {
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("sends a body-less GET without credentials first, then answers the MD5 challenge", async () => {
    // Prepare
    const server = await serve();

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "delivered");
    assert.equal(outcome.kind === "delivered" && outcome.status, 204);
    assert.equal(outcome.kind === "delivered" && outcome.authenticated, true);
    assert.equal(typeof outcome.latencyMs, "number");
    const [first, second] = server.requests;
    assert.equal(server.requests.length, 2);
    assert.equal(first?.method, "GET");
    assert.equal(first?.authorization, undefined);
    assert.equal(first?.bodyBytes, 0);
    assert.equal(second?.method, "GET");
    assert.equal(second?.bodyBytes, 0);
    assert.equal(parseAuthorization(second?.authorization ?? "").algorithm, "MD5");
    assert.equal(JSON.stringify(outcome).includes("cr-secret"), false);
  });

  it("answers a SHA-256 challenge", async () => {
    // Prepare
    const server = await serve({ algorithm: "SHA-256" });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "delivered");
    assert.equal(parseAuthorization(server.requests[1]?.authorization ?? "").algorithm, "SHA-256");
  });

  it("answers a challenge without commas between its fields", async () => {
    // Prepare
    const server = await serve({ challengeSeparator: " ", algorithm: "MD5-sess" });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "delivered");
  });

  it("answers a legacy challenge without qop", async () => {
    // Prepare
    const server = await serve({ qop: "none" });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "delivered");
  });

  it("retries on a new connection when the 401 carries Connection: close", async () => {
    // Prepare
    const server = await serve({ closeOn401: true });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "delivered");
    const [first, second] = server.requests;
    assert.notEqual(first?.remotePort, second?.remotePort);
  });

  it("spells every header name canonically, as case-sensitive agents (easycwmp) require", async () => {
    // Prepare
    const server = await serve();

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "delivered");
    const [first, second] = server.requests;
    assert.deepEqual(first?.headerNames, ["Host", "Connection"]);
    assert.deepEqual(second?.headerNames, ["Authorization", "Host", "Connection"]);
  });

  it("delivers without credentials when the CPE does not ask for them", async () => {
    // Prepare
    const server = await serve({ intercept: () => ({ kind: "status", status: 200 }) });

    // Act
    const outcome = await send(server.url, { username: undefined, password: undefined });

    // Assess
    assert.deepEqual(
      { ...outcome, latencyMs: 0 },
      { kind: "delivered", status: 200, authenticated: false, latencyMs: 0 },
    );
    assert.equal(server.requests.length, 1);
  });

  it("reports auth-failed after one retry with a wrong password", async () => {
    // Prepare
    const server = await serve();

    // Act
    const outcome = await send(server.url, { password: "wrong" });

    // Assess
    assert.equal(outcome.kind === "auth-failed" && outcome.reason, "rejected");
    assert.equal(outcome.kind === "auth-failed" && outcome.status, 401);
    assert.equal(server.requests.length, 2);
  });

  it("reports auth-failed without a second request when no credentials are configured", async () => {
    // Prepare
    const server = await serve();

    // Act
    const outcome = await send(server.url, { username: undefined, password: undefined });

    // Assess
    assert.equal(outcome.kind === "auth-failed" && outcome.reason, "no-credentials");
    assert.equal(server.requests.length, 1);
  });

  it("uses Basic only when allowed", async () => {
    // Prepare
    const basic = (request: { authorization: string | undefined }) =>
      request.authorization === `Basic ${Buffer.from("acs:cr-secret").toString("base64")}`
        ? ({ kind: "status", status: 204 } as const)
        : ({
            kind: "status",
            status: 401,
            headers: { "www-authenticate": 'Basic realm="cpe"' },
          } as const);
    const server = await serve({ intercept: basic });

    // Act
    const refused = await send(server.url);
    const allowed = await send(server.url, { allowBasic: true });

    // Assess
    assert.equal(refused.kind === "auth-failed" && refused.reason, "no-supported-challenge");
    assert.equal(allowed.kind, "delivered");
  });

  it("reports an unparsable challenge as auth-failed", async () => {
    // Prepare
    const server = await serve({
      intercept: () => ({
        kind: "status",
        status: 401,
        headers: { "www-authenticate": 'Digest realm="unterminated' },
      }),
    });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind === "auth-failed" && outcome.reason, "bad-challenge");
  });

  it("reports busy with Retry-After on 503", async () => {
    // Prepare
    const server = await serve({
      intercept: () => ({ kind: "status", status: 503, headers: { "retry-after": "30" } }),
    });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "busy");
    assert.equal(outcome.kind === "busy" && outcome.status, 503);
    assert.equal(outcome.kind === "busy" && outcome.retryAfterSeconds, 30);
  });

  it("reports busy without Retry-After when none is given", async () => {
    // Prepare
    const server = await serve({ intercept: () => ({ kind: "status", status: 503 }) });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind, "busy");
    assert.equal("retryAfterSeconds" in outcome, false);
  });

  it("refuses to follow a redirect, even after authenticating", async () => {
    // Prepare
    const target = await serve({ intercept: () => ({ kind: "status", status: 204 }) });
    const server = await serve({
      intercept: (request) =>
        request.authorization === undefined
          ? undefined
          : { kind: "status", status: 302, headers: { location: target.url } },
    });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind === "redirect-refused" && outcome.status, 302);
    assert.equal(target.requests.length, 0);
  });

  it("reports other statuses as unexpected", async () => {
    // Prepare
    const server = await serve({ intercept: () => ({ kind: "status", status: 404 }) });

    // Act
    const outcome = await send(server.url);

    // Assess
    assert.equal(outcome.kind === "unexpected-status" && outcome.status, 404);
  });

  it("gives up on a CPE that accepts the connection but never answers", async () => {
    // Prepare
    const server = await serve({ intercept: () => ({ kind: "hang" }) });

    // Act
    const outcome = await send(server.url, { responseTimeoutMs: 200 });

    // Assess
    assert.equal(outcome.kind === "unreachable" && outcome.reason, "response-timeout");
  });

  it("reports a refused port as unreachable", async () => {
    // Prepare
    const port = await closedPort();

    // Act
    const outcome = await send(`http://127.0.0.1:${port}/cr`);

    // Assess
    assert.equal(outcome.kind === "unreachable" && outcome.reason, "connection-refused");
  });

  it("reports a refused URL without connecting", async () => {
    // Prepare
    const server = await serve();

    // Act
    const outcome = await send(server.url.replace("127.0.0.1", "127.0.0.2"), {
      guard: createUrlGuard(),
    });

    // Assess
    assert.equal(outcome.kind === "refused-url" && outcome.reason, "loopback");
    assert.equal(server.requests.length, 0);
  });

  it("reports a name that does not resolve as unreachable", async () => {
    // Prepare
    const failing = createUrlGuard({
      resolve: async () => {
        throw new Error("ENOTFOUND");
      },
    });

    // Act
    const outcome = await send("http://cpe.invalid/", { guard: failing });

    // Assess
    assert.equal(outcome.kind === "unreachable" && outcome.reason, "dns-failure");
  });

  it("bounds name resolution by the connect timeout", async () => {
    // Prepare
    const stuck = createUrlGuard({ resolve: () => new Promise(() => {}) });

    // Act
    const outcome = await send("http://cpe.invalid/", { guard: stuck, connectTimeoutMs: 200 });

    // Assess
    assert.equal(outcome.kind === "unreachable" && outcome.reason, "connect-timeout");
  });
});

/** A port nothing listens on: bind, read the number, release. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
