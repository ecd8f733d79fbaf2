import { readFile } from "node:fs/promises";
import { build } from "esbuild";

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
