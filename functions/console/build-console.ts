import { readFile } from "node:fs/promises";
import { build } from "esbuild";
import { consolePage, consoleScriptPath, consoleStylesheetPath } from "./console-page.ts";

/** The console as the browser loads it: one ES module bundle (Preact included) and its CSS. */
export interface ConsoleAssets {
  readonly script: string;
  readonly stylesheet: string;
}

/** The console bundle could not be built (a syntax or import error in `functions/console/ui/`). */
export class ConsoleBuildError extends Error {
  override readonly name = "ConsoleBuildError";
}

const ui = new URL("./ui/", import.meta.url);

/**
 * Bundles `ui/main.tsx` with esbuild in memory, at start-up: nothing is written to disk and
 * nothing is fetched from a CDN at runtime; the local ACS serves both assets itself.
 */
export async function buildConsole(): Promise<ConsoleAssets> {
  try {
    const [bundle, stylesheet] = await Promise.all([
      build({
        entryPoints: [new URL("main.tsx", ui).pathname],
        tsconfig: new URL("tsconfig.json", ui).pathname,
        bundle: true,
        write: false,
        format: "esm",
        target: "es2022",
        jsx: "automatic",
        jsxImportSource: "preact",
        minify: true,
        legalComments: "none",
        logLevel: "silent",
      }),
      readFile(new URL("console.css", ui), "utf8"),
    ]);
    const script = bundle.outputFiles[0]?.text;
    if (script === undefined) throw new ConsoleBuildError("esbuild produced no output");
    return { script, stylesheet };
  } catch (error) {
    if (error instanceof ConsoleBuildError) throw error;
    throw new ConsoleBuildError("the console bundle did not build", { cause: error });
  }
}

/**
 * One file of the built console, as a static host (S3 behind CloudFront) serves it; the host
 * gives the content type from the name's extension.
 */
export interface ConsoleFile {
  /** Object key, relative to the site's root, e.g. `console/app.js`. */
  readonly path: string;
  readonly contents: string;
}

/**
 * The console as static files for a host that serves `index.html` at `/`: the same bundle the
 * local ACS serves, and a page without the local token meta tag (a deployed console signs in
 * with Cognito). `console-config.json` is not among them: the deployment writes it.
 */
export async function buildConsoleFiles(): Promise<readonly ConsoleFile[]> {
  const assets = await buildConsole();
  return [
    { path: "index.html", contents: consolePage() },
    { path: consoleScriptPath.slice(1), contents: assets.script },
    { path: consoleStylesheetPath.slice(1), contents: assets.stylesheet },
  ];
}
