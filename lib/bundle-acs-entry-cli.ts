import { buildAcsEntry } from "./build-acs-entry.ts";

// `node --import tsx lib/bundle-acs-entry-cli.ts <entry> <outdir>`: bundleAcsEntry's child
// (esbuild plugins need the asynchronous API; CDK's local bundling is synchronous). Writes
// the metafile as JSON to stdout.
const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) throw new Error("usage: bundle-acs-entry-cli.ts <entry> <outdir>");
process.stdout.write(JSON.stringify(await buildAcsEntry(entry, outdir)));
