import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type FakeCognito, startFakeCognito } from "./fake-cognito.ts";

const redirectUri = "http://127.0.0.1:1/";

/** One HTTPS call to the fake (its certificate is self-signed). */
function call(url: string, options: { method?: string; form?: Record<string, string> } = {}) {
  const body = options.form && new URLSearchParams(options.form).toString();
  return new Promise<{ status: number; location?: string; json: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(
        url,
        {
          method: options.method ?? "GET",
          rejectUnauthorized: false,
          headers: body ? { "content-type": "application/x-www-form-urlencoded" } : {},
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({
              status: response.statusCode ?? 0,
              ...(response.headers.location && { location: response.headers.location }),
              json: text.startsWith("{") ? JSON.parse(text) : {},
            });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    },
  );
}

/**
 * The fake hosted UI the console's browser test signs in against must itself hold to RFC 7636
 * (S256 challenge checked, RFC 6749 §4.1.2 one use per code), or that test proves nothing.
 */
describe("the fake Cognito hosted UI", () => {
  let cognito: FakeCognito;
  let certDir: string;
  const verifier = "v".repeat(43);

  before(async () => {
    certDir = await mkdtemp(join(tmpdir(), "fake-cognito-"));
    cognito = await startFakeCognito({ clientId: "c1", redirectUri: () => redirectUri, certDir });
    cognito.signInAs({ username: "olga", groups: "[operator]" });
  });

  after(async () => {
    await cognito.stop();
    await rm(certDir, { recursive: true, force: true });
  });

  async function authorizationCode(): Promise<string> {
    const query = new URLSearchParams({
      response_type: "code",
      client_id: "c1",
      redirect_uri: redirectUri,
      state: "s1",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    });
    const answer = await call(`${cognito.domain}/oauth2/authorize?${query}`);
    assert.equal(answer.status, 302);
    const back = new URL(answer.location ?? "");
    assert.equal(back.searchParams.get("state"), "s1");
    return back.searchParams.get("code") ?? "";
  }

  function exchange(code: string, codeVerifier: string) {
    return call(`${cognito.domain}/oauth2/token`, {
      method: "POST",
      form: {
        grant_type: "authorization_code",
        client_id: "c1",
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      },
    });
  }

  it("exchanges a code once, for the verifier of its challenge, and knows the token's claims", async () => {
    // Prepare
    const code = await authorizationCode();
    // Act
    const first = await exchange(code, verifier);
    const again = await exchange(code, verifier);
    // Assess
    assert.equal(first.status, 200);
    assert.equal(first.json.token_type, "Bearer");
    assert.equal(
      cognito.claimsOf(String(first.json.access_token))?.["cognito:groups"],
      "[operator]",
    );
    assert.deepEqual([again.status, again.json.error], [400, "invalid_grant"]);
  });

  it("refuses a verifier that does not hash to the challenge", async () => {
    // Prepare
    const code = await authorizationCode();
    // Act
    const answer = await exchange(code, "w".repeat(43));
    // Assess
    assert.deepEqual([answer.status, answer.json.error], [400, "invalid_grant"]);
  });

  it("refuses an authorize request without S256", async () => {
    // Act
    const answer = await call(
      `${cognito.domain}/oauth2/authorize?response_type=code&client_id=c1&redirect_uri=${encodeURIComponent(redirectUri)}&code_challenge=x&code_challenge_method=plain`,
    );
    // Assess
    assert.deepEqual([answer.status, answer.json.error], [400, "invalid_request"]);
  });
});
