/** Where the console's assets are served, next to the page at `/`. */
export const consoleScriptPath = "/console/app.js";
export const consoleStylesheetPath = "/console/app.css";
/** How the console signs in and where its API is (functions/console/ui/console-config.ts). */
export const consoleConfigPath = "/console-config.json";

/**
 * The console's HTML page. `apiToken`, when given, is written into a meta tag that pre-fills
 * the login: only the local ACS does so (its `npm start` banner prints the same token on the
 * same machine); a deployed console never receives a token from the server.
 */
export function consolePage(options: { readonly apiToken?: string } = {}): string {
  const token =
    options.apiToken === undefined
      ? ""
      : `\n<meta name="acs-api-token" content="${escapeAttribute(options.apiToken)}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ACS console</title>${token}
<link rel="stylesheet" href="${consoleStylesheetPath}">
</head>
<body>
<div id="app"></div>
<script type="module" src="${consoleScriptPath}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
