import type { ConsoleAssets } from "../console/build-console.ts";
import {
  consoleConfigPath,
  consolePage,
  consoleScriptPath,
  consoleStylesheetPath,
} from "../console/console-page.ts";
import type { ConsoleConfig } from "../console/ui/console-config.ts";
import type { ApiHandler } from "../handlers/api-handler.ts";

/** `console-config.json` of the local console (the shape is functions/console/ui/console-config.ts). */
const localConsoleConfig: ConsoleConfig = { auth: "token", apiBase: "/api" };

/**
 * The API server's handler with the operator console in front: GET `/` is the console's page,
 * `/console/app.js` and `/console/app.css` its assets, `/console-config.json` how it signs in
 * (`{"auth":"token","apiBase":"/api"}`), all without a token (they hold no
 * data); every other request goes to the API, which still wants its bearer token. Same origin,
 * so the console's API calls need no CORS.
 */
export function withConsole(
  api: ApiHandler,
  options: {
    readonly assets: ConsoleAssets;
    readonly apiToken?: string;
    /** Where the browser PUTs a file's bytes (the file server's, or the bucket's, origin). */
    readonly uploadOrigin?: string;
    /**
     * What `/console-config.json` says. @default the local token sign-in. A Cognito one (tests
     * of the AWS sign-in) also lets the page connect to the hosted UI's token endpoint, as the
     * CloudFront distribution's CSP does (lib/constructs/operator-console.ts).
     */
    readonly config?: ConsoleConfig;
  },
): ApiHandler {
  const config = options.config ?? localConsoleConfig;
  const connect = [
    "'self'",
    ...(config.auth === "cognito" ? [config.cognito.domain] : []),
    ...(options.uploadOrigin ? [options.uploadOrigin] : []),
  ].join(" ");
  const files = new Map([
    ["/", { type: "text/html; charset=utf-8", body: consolePage(options) }],
    [consoleScriptPath, { type: "text/javascript; charset=utf-8", body: options.assets.script }],
    [consoleStylesheetPath, { type: "text/css; charset=utf-8", body: options.assets.stylesheet }],
    // Locally the console signs in with the API token and calls `/api` on this origin.
    [consoleConfigPath, { type: "application/json", body: JSON.stringify(config) }],
  ]);
  return async (event) => {
    const method = event.requestContext.http.method;
    const file = files.get(event.rawPath);
    if (file === undefined || (method !== "GET" && method !== "HEAD")) return api(event);
    return {
      statusCode: 200,
      headers: {
        "content-type": file.type,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        // Everything the console loads comes from this origin; no inline script runs. Only
        // file uploads connect elsewhere.
        "content-security-policy": `default-src 'self'; script-src 'self'; style-src 'self'; connect-src ${connect}; frame-ancestors 'none'`,
      },
      body: method === "HEAD" ? "" : file.body,
      isBase64Encoded: false,
    };
  };
}
