import type { SenderImageSource } from "./constructs/connection-request-service.ts";

/**
 * The sender's image: built from the repository root (its Dockerfile bundles
 * functions/ with esbuild), with everything the image does not need left out
 * of the build context.
 */
export function senderImageSource(projectRoot: string): SenderImageSource {
  return {
    directory: projectRoot,
    file: "functions/connection-request-service/Dockerfile",
    exclude: [
      "node_modules",
      "cdk.out",
      ".git",
      ".ci",
      "test",
      "bench",
      "bin",
      "lib",
      ".acs-data",
      "*.log",
      "**/*.md",
    ],
  };
}
