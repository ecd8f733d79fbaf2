import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createUrlGuard,
  sendHttpConnectionRequest,
} from "../../../functions/adapters/http-cr/index.ts";
import { type ApacheDigestServer, startApacheDigest } from "../../support/apache-digest.ts";
import { binaryPath, requireBinary } from "../../support/digest-require-binary.ts";

// Apache httpd's mod_auth_digest (MD5, qop=auth) is an implementation independent of ours.
const hint = "apt-get install apache2 apache2-utils";
const apache = requireBinary("apache2", { hint, extraDirs: ["/usr/sbin", "/usr/local/sbin"] });
const htdigest = requireBinary("htdigest", { hint, extraDirs: ["/usr/bin", "/usr/sbin"] });
const skip = apache.skip || htdigest.skip;

describe("sendHttpConnectionRequest (Apache mod_auth_digest)", { skip }, () => {
  const guard = createUrlGuard({ allowCidrs: ["127.0.0.1/32"] });
  let server: ApacheDigestServer | undefined;

  before(async () => {
    // Under CI=true a missing binary throws here, failing the suite instead of skipping it.
    server = await startApacheDigest({
      apacheBinary: binaryPath(apache),
      htdigestBinary: binaryPath(htdigest),
      realm: "cpe-cr@example.org",
      username: "acs",
      password: "cr secret:with colon",
    });
  });

  after(async () => {
    await server?.stop();
  });

  const send = (username: string | undefined, password: string | undefined) =>
    sendHttpConnectionRequest({
      url: server?.url ?? "http://127.0.0.1:1/",
      username,
      password,
      connectTimeoutMs: 2_000,
      responseTimeoutMs: 2_000,
      guard,
    });

  it("authenticates with the right password", async () => {
    // Act
    const outcome = await send("acs", "cr secret:with colon");

    // Assess
    assert.equal(outcome.kind, "delivered");
    assert.equal(outcome.kind === "delivered" && outcome.status, 200);
    assert.equal(outcome.kind === "delivered" && outcome.authenticated, true);
  });

  it("is rejected with a wrong password", async () => {
    // Act
    const outcome = await send("acs", "wrong");

    // Assess
    assert.equal(outcome.kind === "auth-failed" && outcome.reason, "rejected");
  });

  it("is rejected for an unknown user", async () => {
    // Act
    const outcome = await send("mallory", "cr secret:with colon");

    // Assess
    assert.equal(outcome.kind === "auth-failed" && outcome.reason, "rejected");
  });

  it("reports missing credentials after the first 401", async () => {
    // Act
    const outcome = await send(undefined, undefined);

    // Assess
    assert.equal(outcome.kind === "auth-failed" && outcome.reason, "no-credentials");
  });

  it("delivers repeatedly, each time with a fresh challenge", async () => {
    // Act
    const outcomes = await Promise.all([1, 2, 3].map(() => send("acs", "cr secret:with colon")));

    // Assess
    assert.deepEqual(
      outcomes.map((outcome) => outcome.kind),
      ["delivered", "delivered", "delivered"],
    );
  });
});
