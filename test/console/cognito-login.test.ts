import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createCognitoLogin,
  SignInStateMismatchError,
  TokenExchangeError,
} from "../../functions/console/ui/cognito-login.ts";

const cognito = {
  domain: "https://acs-test.auth.eu-west-1.amazoncognito.com",
  clientId: "client123",
  region: "eu-west-1",
};
const redirectUri = "https://d111.cloudfront.net/";

/** A login over in-memory storage, counting random bytes, recording navigations and token calls. */
function harness(
  tokenAnswer: { status: number; body: unknown } = { status: 200, body: {} },
  clock = { now: 1_000_000 },
) {
  const stored = new Map<string, string>();
  const navigations: string[] = [];
  const tokenRequests: { url: string; body: URLSearchParams }[] = [];
  let counter = 0;
  const login = createCognitoLogin({
    cognito,
    redirectUri,
    storage: {
      getItem: (key) => stored.get(key) ?? null,
      setItem: (key, value) => void stored.set(key, value),
      removeItem: (key) => void stored.delete(key),
    },
    fetch: async (url, init) => {
      tokenRequests.push({ url: String(url), body: new URLSearchParams(String(init?.body)) });
      return new Response(JSON.stringify(tokenAnswer.body), { status: tokenAnswer.status });
    },
    subtle: crypto.subtle,
    randomBytes: (length) => new Uint8Array(length).fill(++counter),
    navigate: (url) => void navigations.push(url),
    now: () => clock.now,
  });
  return { login, navigations, tokenRequests };
}

/** Signs in and answers the hosted UI's redirect with the state it was given (or `state`). */
async function redirectBack(h: ReturnType<typeof harness>, state?: string): Promise<URL> {
  await h.login.signIn();
  const authorize = new URL(h.navigations[0] ?? "");
  const sent = authorize.searchParams.get("state") ?? "";
  return new URL(`${redirectUri}?code=abc&state=${state ?? sent}`);
}

describe("createCognitoLogin", () => {
  describe("signIn", () => {
    it("goes to the authorize endpoint with the code flow, the client and an S256 challenge", async () => {
      // Prepare
      const h = harness();
      // Act
      await h.login.signIn();
      // Assess
      const url = new URL(h.navigations[0] ?? "");
      assert.equal(`${url.origin}${url.pathname}`, `${cognito.domain}/oauth2/authorize`);
      assert.equal(url.searchParams.get("response_type"), "code");
      assert.equal(url.searchParams.get("client_id"), "client123");
      assert.equal(url.searchParams.get("redirect_uri"), redirectUri);
      assert.equal(url.searchParams.get("scope"), "openid email profile");
      assert.equal(url.searchParams.get("code_challenge_method"), "S256");
      assert.match(url.searchParams.get("code_challenge") ?? "", /^[A-Za-z0-9_-]{43}$/);
      assert.match(url.searchParams.get("state") ?? "", /^[A-Za-z0-9_-]{43}$/);
    });
  });

  describe("signedInRecently", () => {
    it("holds for a minute after a completed sign-in, not before one nor after sign-out", async () => {
      // Prepare
      const clock = { now: 1_000_000 };
      const h = harness({ status: 200, body: { access_token: "tok", expires_in: 3600 } }, clock);
      const before = h.login.signedInRecently();
      // Act
      await h.login.completeSignIn(await redirectBack(h));
      const justAfter = h.login.signedInRecently();
      clock.now += 60_000;
      const aMinuteLater = h.login.signedInRecently();
      clock.now -= 1;
      h.login.signOut();
      const signedOut = h.login.signedInRecently();
      // Assess
      assert.deepEqual([before, justAfter, aMinuteLater, signedOut], [false, true, false, false]);
    });
  });

  describe("completeSignIn", () => {
    it("exchanges the code with the verifier whose challenge it sent, and keeps the token", async () => {
      // Prepare
      const h = harness({ status: 200, body: { access_token: "jwt", expires_in: 3600 } });
      const callback = await redirectBack(h);
      const challenge = new URL(h.navigations[0] ?? "").searchParams.get("code_challenge");
      // Act
      const completed = await h.login.completeSignIn(callback);
      // Assess
      assert.equal(completed, true);
      const [request] = h.tokenRequests;
      assert.equal(request?.url, `${cognito.domain}/oauth2/token`);
      assert.equal(request?.body.get("grant_type"), "authorization_code");
      assert.equal(request?.body.get("code"), "abc");
      assert.equal(request?.body.get("redirect_uri"), redirectUri);
      const verifier = request?.body.get("code_verifier") ?? "";
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
      assert.equal(Buffer.from(digest).toString("base64url"), challenge);
      assert.equal(h.login.accessToken(), "jwt");
    });

    it("refuses an answer whose state is not the one sent, without calling the token endpoint", async () => {
      // Prepare
      const h = harness({ status: 200, body: { access_token: "jwt" } });
      const callback = await redirectBack(h, "forged");
      // Act
      const attempt = h.login.completeSignIn(callback);
      // Assess
      await assert.rejects(attempt, SignInStateMismatchError);
      assert.equal(h.tokenRequests.length, 0);
      assert.equal(h.login.accessToken(), undefined);
    });

    it("names the token endpoint's refusal", async () => {
      // Prepare
      const h = harness({ status: 400, body: { error: "invalid_grant" } });
      const callback = await redirectBack(h);
      // Act
      const attempt = h.login.completeSignIn(callback);
      // Assess
      await assert.rejects(attempt, (error: unknown) => {
        assert.ok(error instanceof TokenExchangeError);
        assert.equal(error.status, 400);
        assert.match(error.message, /invalid_grant/);
        return true;
      });
    });

    it("does nothing on an ordinary page load (no code in the URL)", async () => {
      // Prepare
      const h = harness();
      // Act
      const completed = await h.login.completeSignIn(new URL(redirectUri));
      // Assess
      assert.equal(completed, false);
      assert.equal(h.tokenRequests.length, 0);
    });
  });

  describe("signOut", () => {
    it("forgets the token and goes to the hosted UI's logout with the console as logout_uri", async () => {
      // Prepare
      const h = harness({ status: 200, body: { access_token: "jwt", expires_in: 3600 } });
      await h.login.completeSignIn(await redirectBack(h));
      // Act
      h.login.signOut();
      // Assess
      assert.equal(h.login.accessToken(), undefined);
      const logout = new URL(h.navigations.at(-1) ?? "");
      assert.equal(`${logout.origin}${logout.pathname}`, `${cognito.domain}/logout`);
      assert.equal(logout.searchParams.get("logout_uri"), redirectUri);
      assert.equal(logout.searchParams.get("client_id"), "client123");
    });
  });
});
