import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createSelfSignedCert } from "./xmpp-self-signed-cert.ts";

/** Who the fake hosted UI signs in: Cognito access token claims, groups flattened by HTTP API. */
export interface FakeCognitoUser {
  readonly username: string;
  /** As API Gateway's JWT authorizer hands `cognito:groups` over, e.g. "[operator]". */
  readonly groups: string;
}

export interface FakeCognito {
  /** `https://127.0.0.1:<port>`: the hosted UI's domain. */
  readonly domain: string;
  readonly clientId: string;
  /** The user the next authorize request signs in; undefined: the login page stays. */
  signInAs(user: FakeCognitoUser | undefined): void;
  /** The next authorize redirect carries a `state` other than the one the client sent. */
  tamperNextState(): void;
  /** The claims of an access token this fake issued, as a JWT authorizer would pass them. */
  claimsOf(accessToken: string): Readonly<Record<string, string>> | undefined;
  /** Codes exchanged at /oauth2/token (accepted or not), and /logout requests' query strings. */
  readonly tokenRequests: number;
  readonly logouts: readonly URLSearchParams[];
  stop(): Promise<void>;
}

/**
 * A stand-in for the Cognito hosted UI on loopback, over TLS (the console accepts only an
 * https:// domain): the authorization code grant (RFC 6749 §4.1) with PKCE S256 (RFC 7636),
 * one app client whose callback and sign-out URL is `redirectUri`. No login form: the user
 * set with `signInAs` is signed in at once, as a hosted UI session cookie would do.
 */
export async function startFakeCognito(options: {
  readonly clientId: string;
  /** The console's URL (app client callback and sign-out URL), known once its server listens. */
  readonly redirectUri: () => string;
  /** Where the self-signed certificate is written. */
  readonly certDir: string;
}): Promise<FakeCognito> {
  const cert = await createSelfSignedCert(options.certDir, "127.0.0.1");
  const pending = new Map<string, { challenge: string; user: FakeCognitoUser }>();
  const tokens = new Map<string, Readonly<Record<string, string>>>();
  const logouts: URLSearchParams[] = [];
  const state = { user: undefined as FakeCognitoUser | undefined, tamper: false, tokenRequests: 0 };

  function authorize(query: URLSearchParams, response: ServerResponse) {
    const problem =
      query.get("response_type") !== "code"
        ? "unsupported_response_type"
        : query.get("client_id") !== options.clientId ||
            query.get("redirect_uri") !== options.redirectUri()
          ? "invalid_client"
          : query.get("code_challenge_method") !== "S256" || !query.get("code_challenge")
            ? "invalid_request"
            : undefined;
    if (problem) return send(response, 400, { error: problem });
    if (state.user === undefined)
      return html(response, "<h1>Sign in</h1><p>(fake hosted UI: nobody to sign in)</p>");
    const code = randomBytes(16).toString("hex");
    pending.set(code, { challenge: query.get("code_challenge") ?? "", user: state.user });
    const back = new URL(options.redirectUri());
    back.searchParams.set("code", code);
    back.searchParams.set("state", `${query.get("state") ?? ""}${state.tamper ? "x" : ""}`);
    state.tamper = false;
    response.writeHead(302, { location: back.href }).end();
  }

  function token(form: URLSearchParams, response: ServerResponse) {
    state.tokenRequests += 1;
    const code = form.get("code") ?? "";
    const grant = pending.get(code);
    pending.delete(code); // one use per code (RFC 6749 §4.1.2)
    if (form.get("grant_type") !== "authorization_code")
      return send(response, 400, { error: "unsupported_grant_type" });
    if (form.get("client_id") !== options.clientId)
      return send(response, 400, { error: "invalid_client" });
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      !grant ||
      form.get("redirect_uri") !== options.redirectUri() ||
      challenge !== grant.challenge
    )
      return send(response, 400, { error: "invalid_grant" });
    const accessToken = randomBytes(24).toString("base64url");
    tokens.set(accessToken, {
      sub: `sub-${grant.user.username}`,
      username: grant.user.username,
      "cognito:groups": grant.user.groups,
      client_id: options.clientId,
      token_use: "access",
    });
    send(response, 200, {
      access_token: accessToken,
      id_token: randomBytes(24).toString("base64url"),
      token_type: "Bearer",
      expires_in: 3600,
    });
  }

  function logout(query: URLSearchParams, response: ServerResponse) {
    logouts.push(query);
    state.user = undefined; // the hosted UI's session ends
    const target = query.get("logout_uri");
    if (query.get("client_id") !== options.clientId || target !== options.redirectUri())
      return send(response, 400, { error: "invalid_request" });
    response.writeHead(302, { location: target }).end();
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "https://127.0.0.1");
    if (request.method === "GET" && url.pathname === "/oauth2/authorize")
      return authorize(url.searchParams, response);
    if (request.method === "GET" && url.pathname === "/logout")
      return logout(url.searchParams, response);
    if (request.method === "POST" && url.pathname === "/oauth2/token") {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (!request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded"))
        return send(response, 400, { error: "invalid_request" });
      return token(new URLSearchParams(Buffer.concat(chunks).toString("utf8")), response);
    }
    send(response, 404, { error: "not_found" });
  }

  const server = createServer(
    { key: await readFile(cert.keyPath), cert: cert.certPem },
    (request, response) => {
      route(request, response).catch(() => send(response, 500, { error: "server_error" }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    domain: `https://127.0.0.1:${port}`,
    clientId: options.clientId,
    signInAs: (user) => {
      state.user = user;
    },
    tamperNextState: () => {
      state.tamper = true;
    },
    claimsOf: (accessToken) => tokens.get(accessToken),
    get tokenRequests() {
      return state.tokenRequests;
    },
    logouts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cognito's token endpoint answers browsers' cross-origin calls (the console's code exchange). */
function send(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, {
      "content-type": "application/json;charset=UTF-8",
      "access-control-allow-origin": "*",
      "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
    })
    .end(JSON.stringify(body));
}

function html(response: ServerResponse, body: string): void {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
}
