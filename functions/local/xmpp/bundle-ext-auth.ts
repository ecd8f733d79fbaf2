import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("../../xmpp-server/ext-auth.ts", import.meta.url));

/**
 * functions/xmpp-server/ext-auth.ts bundled into one ESM file at `outfile`, so ejabberd's user
 * runs it with plain node (no tsx, no node_modules); the image's Dockerfile bundles the same.
 */
export async function bundleExtAuth(outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
}
