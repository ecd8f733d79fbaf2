import { render } from "preact";
import { App } from "./app.tsx";
import { createCognitoLogin } from "./cognito-login.ts";
import type { ConsoleAuth } from "./console-auth.ts";
import { type CognitoSettings, parseConsoleConfig } from "./console-config.ts";

/**
 * Reads `console-config.json` next to the page, then signs in as it says: locally the server
 * writes the API token into a meta tag (the `npm start` banner prints it anyway; where it is
 * absent the login field asks for it); in AWS through the Cognito hosted UI.
 */
async function start(root: HTMLElement): Promise<void> {
  const response = await fetch("./console-config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`console-config.json: HTTP ${response.status}`);
  const config = parseConsoleConfig(await response.json());
  const baseUrl = new URL(config.apiBase, location.href).href.replace(/\/$/, "");
  const auth: ConsoleAuth | undefined =
    config.auth === "token"
      ? { kind: "token", initialToken: injectedToken() }
      : await cognitoAuth(config.cognito, () => render(<RefusedSignIn />, root));
  if (auth) render(<App auth={auth} baseUrl={baseUrl} />, root);
}

function injectedToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="acs-api-token"]')?.content ?? "";
}

const returnHashKey = "acs-console.return-hash";

/** Undefined while the browser is on its way to the hosted UI. */
async function cognitoAuth(
  cognito: CognitoSettings,
  /** The API refused a token fresh from the hosted UI: signing in again would loop. */
  onRefused: () => void,
): Promise<ConsoleAuth | undefined> {
  const login = createCognitoLogin({
    cognito,
    redirectUri: `${location.origin}/`,
    storage: sessionStorage,
    fetch: window.fetch.bind(window),
    subtle: crypto.subtle,
    randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
    navigate: (url) => location.assign(url),
    now: Date.now,
  });
  const callback = new URL(location.href);
  if (callback.searchParams.has("code")) {
    // The code is single-use: off the address bar and the history whatever comes of it, so a
    // reload after a failure starts a fresh sign-in.
    const returnTo = sessionStorage.getItem(returnHashKey) ?? "";
    sessionStorage.removeItem(returnHashKey);
    history.replaceState(null, "", `${location.pathname}${returnTo}`);
    await login.completeSignIn(callback);
  }
  if (login.accessToken() === undefined) {
    // The callback URL is the bare console URL: the page asked for (`#/devices/...`) is kept
    // here, not sent to the hosted UI, and restored when the code comes back.
    sessionStorage.setItem(returnHashKey, location.hash);
    await login.signIn();
    return undefined;
  }
  const signIn = () => (login.signedInRecently() ? onRefused() : void login.signIn());
  return { kind: "cognito", getToken: login.accessToken, signIn, signOut: login.signOut };
}

function RefusedSignIn() {
  return (
    <p role="alert">
      The API refused the access token this sign-in just gave (HTTP 401): its JWT authorizer expects
      another user pool or app client than console-config.json names.
    </p>
  );
}

const root = document.getElementById("app");
if (root) {
  start(root).catch((error: unknown) => {
    render(<p role="alert">The console could not start: {String(error)}</p>, root);
  });
}
