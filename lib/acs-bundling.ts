import { type BundlingOptions, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";

/**
 * How every ACS Lambda entry point is bundled: by the local esbuild (no Docker),
 * ESM, minified with source maps. One home, so the cold-start benchmark
 * (bench/cold-start-bench.ts) builds exactly what `cdk synth` deploys.
 */
export const acsBundling = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: "node24",
  mainFields: ["module", "main"],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundled, not taken from the runtime: esbuild keeps only the clients
  // the handler imports, and the version is the one we tested.
  bundleAwsSDK: true,
  // Some CommonJS dependencies call require() for Node built-ins.
  banner:
    "import { createRequire as __acsCreateRequire } from 'node:module'; const require = __acsCreateRequire(import.meta.url);",
} as const satisfies BundlingOptions;

/** Variables every ACS Lambda gets besides its own (lib/constructs/acs-function.ts). */
export const acsFunctionEnvironment = { NODE_OPTIONS: "--enable-source-maps" } as const;
