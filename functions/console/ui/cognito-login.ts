import type { CognitoSettings } from "./console-config.ts";
import { codeChallenge, createCodeVerifier, type Sha256Digest } from "./pkce.ts";

/** The hosted UI sent back a `state` this tab did not send, or none was pending (RFC 6749 §10.12). */
export class SignInStateMismatchError extends Error {
  override readonly name = "SignInStateMismatchError";
}

/** The token endpoint refused the authorization code, or answered without an access token. */
export class TokenExchangeError extends Error {
  override readonly name = "TokenExchangeError";
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the browser gives the sign-in flow; tests pass their own. */
export interface CognitoLoginOptions {
  readonly cognito: CognitoSettings;
  /** The console's own URL: the app client's callback and sign-out URL. */
  readonly redirectUri: string;
  /** sessionStorage in the browser (written out so the flow also type-checks without DOM types). */
  readonly storage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
  readonly fetch: typeof fetch;
  readonly subtle: Sha256Digest;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly navigate: (url: string) => void;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

const keys = {
  verifier: "acs-console.pkce-verifier",
  state: "acs-console.oauth-state",
  token: "acs-console.access-token",
  expiresAt: "acs-console.access-token-expires-at",
  signedInAt: "acs-console.signed-in-at",
} as const;

/** Access tokens are given up this long before they expire, so no call races the expiry. */
const expiryMarginMs = 60_000;

/**
 * A token this fresh that the API refuses (401) is not mended by signing in again: the
 * authorizer expects another user pool or app client, and the hosted UI, its session still
 * open, would answer at once, round and round.
 */
const freshSignInMs = 60_000;

/**
 * The OAuth 2.0 authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636) against the
 * Cognito hosted UI, for a public client: the access token lives in sessionStorage only (gone
 * with the tab), and the API (a JWT authorizer) is its only reader.
 */
export function createCognitoLogin(options: CognitoLoginOptions) {
  const { cognito, storage } = options;

  /** The access token, unless there is none or it has (nearly) expired. */
  function accessToken(): string | undefined {
    const token = storage.getItem(keys.token);
    const expiresAt = Number(storage.getItem(keys.expiresAt));
    return token !== null && options.now() < expiresAt - expiryMarginMs ? token : undefined;
  }

  /** Forgets the token and goes to the hosted UI's authorize endpoint. */
  async function signIn(): Promise<void> {
    const verifier = createCodeVerifier(options.randomBytes);
    const state = createCodeVerifier(options.randomBytes);
    storage.removeItem(keys.token);
    storage.setItem(keys.verifier, verifier);
    storage.setItem(keys.state, state);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: cognito.clientId,
      redirect_uri: options.redirectUri,
      scope: "openid email profile",
      state,
      code_challenge: await codeChallenge(verifier, options.subtle),
      code_challenge_method: "S256",
    });
    options.navigate(`${cognito.domain}/oauth2/authorize?${query}`);
  }

  /**
   * After the hosted UI redirects back with `?code=&state=`: checks the state, exchanges the
   * code and the verifier at the token endpoint, keeps the access token. Returns false when the
   * URL carries no code (an ordinary page load).
   */
  async function completeSignIn(url: URL): Promise<boolean> {
    const code = url.searchParams.get("code");
    if (code === null) return false;
    const expected = storage.getItem(keys.state);
    const verifier = storage.getItem(keys.verifier);
    storage.removeItem(keys.state);
    storage.removeItem(keys.verifier);
    if (expected === null || verifier === null || url.searchParams.get("state") !== expected) {
      throw new SignInStateMismatchError("the sign-in answer does not match a sign-in from here");
    }
    const response = await options.fetch(`${cognito.domain}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: cognito.clientId,
        code,
        redirect_uri: options.redirectUri,
        code_verifier: verifier,
      }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
    };
    if (!response.ok || typeof body.access_token !== "string") {
      const reason = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
      throw new TokenExchangeError(response.status, `the token endpoint refused: ${reason}`);
    }
    const lifetimeSeconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
    storage.setItem(keys.token, body.access_token);
    storage.setItem(keys.expiresAt, String(options.now() + lifetimeSeconds * 1000));
    storage.setItem(keys.signedInAt, String(options.now()));
    return true;
  }

  /** Whether this tab's token came from the hosted UI less than a minute ago. */
  function signedInRecently(): boolean {
    const at = Number(storage.getItem(keys.signedInAt) ?? Number.NEGATIVE_INFINITY);
    return options.now() - at < freshSignInMs;
  }

  /** Forgets the token and ends the hosted UI's session, which then returns to the console. */
  function signOut(): void {
    storage.removeItem(keys.token);
    storage.removeItem(keys.expiresAt);
    storage.removeItem(keys.signedInAt);
    const query = new URLSearchParams({
      client_id: cognito.clientId,
      logout_uri: options.redirectUri,
    });
    options.navigate(`${cognito.domain}/logout?${query}`);
  }

  return { accessToken, signIn, completeSignIn, signedInRecently, signOut };
}

export type CognitoLogin = ReturnType<typeof createCognitoLogin>;
