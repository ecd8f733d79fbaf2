import { createHash } from "node:crypto";
import { basename, extname, resolve } from "node:path";
import {
  type BuildOptions,
  build,
  type Metafile,
  type OnResolveArgs,
  type Plugin,
  type PluginBuild,
} from "esbuild";
import { acsEsbuildOptions } from "./acs-bundling.ts";

/** Where the init build's external dynamic imports point, relative to index.mjs. */
const lazyDir = "lazy";
/** Project files both sides use, built as entries of the init build, imported by the lazy side. */
const sharedDir = "shared";

/**
 * Bundles `entry` into `outdir` in two separately tree-shaken builds: what init loads
 * (index.mjs, its chunks and `shared/`; the chunks include those only a dynamic `import()`
 * of project code reaches, such as the OpenAPI document), and what the AWS adapters and the
 * SDK's own dynamic imports reach (`lazy/`: the SQS, EventBridge and S3 clients, the SDK's
 * SSO/STS credential providers; see `buildsApart`).
 *
 * Why not one build with code splitting: esbuild tree-shakes across all entry points at
 * once, then puts each module's live code in the chunk of the entries whose import graph
 * reaches the module. A module that init reaches through a package index (the SDK's protocol
 * index re-exports the XML and Query protocols) but only a lazy chunk uses lands in a chunk
 * init loads: about 50 KiB of S3/SQS/STS serde code at every CWMP cold start.
 *
 * The lazy side gets its own copy of the SDK code it uses (its clients are its own), but
 * never of a project file init also bundles: such a file (a typed error class such as
 * `StoreUnavailableError`, which callers test with `instanceof`) is made an entry of the init
 * build under `shared/` and imported from there, so both sides hold one module instance.
 *
 * `override` (the cold-start bench's levers) replaces options of both builds; with
 * `splitting: false` it is one build, one file, every dynamic import inlined.
 */
export async function buildAcsEntry(
  entry: string,
  outdir: string,
  override: BuildOptions = {},
): Promise<Metafile> {
  const options = { ...acsEsbuildOptions(entry, outdir), ...override };
  if (options.splitting === false) return metafileOf(await build(options));
  const lazy = new Map<string, string>();
  const probe = await build({ ...options, write: false, plugins: [lazyBoundary(lazy)] });
  const workingDir = options.absWorkingDir ?? process.cwd();
  const initInputs = new Set(
    Object.keys(metafileOf(probe).inputs).map((input) => resolve(workingDir, input)),
  );
  const shared = new Map<string, string>();
  const lazyMeta = await buildLazySide(options, lazy, initInputs, shared);
  const initMeta = metafileOf(
    await build({
      ...options,
      entryPoints: {
        ...(options.entryPoints as Record<string, string>),
        ...entryPoints(sharedDir, shared),
      },
      plugins: [lazyBoundary(new Map(lazy))],
    }),
  );
  return {
    inputs: { ...lazyMeta.inputs, ...initMeta.inputs },
    outputs: { ...lazyMeta.outputs, ...initMeta.outputs },
  };
}

/** Every lazily imported module as an entry under `lazy/`, split among themselves. */
async function buildLazySide(
  options: BuildOptions,
  lazy: ReadonlyMap<string, string>,
  initInputs: ReadonlySet<string>,
  shared: Map<string, string>,
): Promise<Metafile> {
  if (lazy.size === 0) return { inputs: {}, outputs: {} };
  return metafileOf(
    await build({
      ...options,
      entryPoints: entryPoints(lazyDir, lazy),
      // Chunks next to the entries: an external path is written verbatim into whichever
      // file holds the import, so every lazy file must sit at the same depth.
      chunkNames: `${lazyDir}/[name]-[hash]`,
      plugins: [sharedWithInit(initInputs, shared)],
    }),
  );
}

/**
 * In the init build: a dynamic import becomes an external `./lazy/<name>.mjs`, its target
 * recorded in `lazy` (resolved path -> name). Only index.mjs holds such an import (checked:
 * a path relative to a chunk would be wrong).
 */
function lazyBoundary(lazy: Map<string, string>): Plugin {
  return {
    name: "acs-lazy-boundary",
    setup(esbuild) {
      esbuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData === lazyBoundary) return undefined;
        if (!buildsApart(args.importer)) return undefined;
        const resolved = await resolveAgain(esbuild, args, lazyBoundary);
        if (resolved === undefined) return undefined;
        const name = lazy.get(resolved.path) ?? outputName(resolved.path);
        lazy.set(resolved.path, name);
        return { path: `./${lazyDir}/${name}.mjs`, external: true };
      });
      esbuild.onEnd((result) => {
        for (const [path, output] of Object.entries(result.metafile?.outputs ?? {})) {
          const lazyImport = output.imports.some((i) => i.path.startsWith(`./${lazyDir}/`));
          if (lazyImport && !path.endsWith("/index.mjs"))
            throw new Error(`${path} imports a lazy module by a path relative to index.mjs`);
        }
      });
    },
  };
}

/**
 * The dynamic imports built apart: those of the Lambda entries' layer (the AWS adapters of
 * `functions/handlers/aws-ports-on-first-use.ts`) and of the SDK itself (its credential
 * providers), where the SDK's package indexes defeat splitting. A project module imported
 * lazily elsewhere (the API's OpenAPI document) stays a chunk of the init build: it shares
 * that build's schemas, and as its own build each of them would be one more `shared/` entry,
 * one more file at init.
 */
function buildsApart(importer: string): boolean {
  return importer.includes("/node_modules/") || importer.includes("/functions/handlers/");
}

/** In the lazy build: a project file init also bundles is imported from `shared/`. */
function sharedWithInit(initInputs: ReadonlySet<string>, shared: Map<string, string>): Plugin {
  return {
    name: "acs-shared-with-init",
    setup(esbuild) {
      esbuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === sharedWithInit) return undefined;
        const resolved = await resolveAgain(esbuild, args, sharedWithInit);
        if (resolved === undefined) return undefined;
        if (resolved.path.includes("/node_modules/")) return undefined;
        if (!initInputs.has(resolved.path)) return undefined;
        const name = shared.get(resolved.path) ?? outputName(resolved.path);
        shared.set(resolved.path, name);
        return { path: `../${sharedDir}/${name}.mjs`, external: true };
      });
    },
  };
}

function entryPoints(dir: string, files: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...files].map(([path, name]) => [`${dir}/${name}`, path]));
}

/** The file's name and a hash of its path: two modules of one name stay apart. */
function outputName(path: string): string {
  const hash = createHash("sha256").update(path).digest("hex").slice(0, 8);
  return `${basename(path, extname(path)).replace(/\W+/g, "-")}-${hash}`;
}

function metafileOf(result: { metafile?: Metafile }): Metafile {
  if (!result.metafile) throw new Error("esbuild returned no metafile");
  return result.metafile;
}

/**
 * esbuild's own resolution of an import a plugin looks at, marked so the plugin does not see it
 * again; undefined when it does not resolve to a file of the build (an error, or external).
 */
async function resolveAgain(
  esbuild: PluginBuild,
  args: OnResolveArgs,
  marker: unknown,
): Promise<{ readonly path: string } | undefined> {
  const resolved = await esbuild.resolve(args.path, {
    kind: args.kind,
    importer: args.importer,
    resolveDir: args.resolveDir,
    pluginData: marker,
  });
  return resolved.errors.length > 0 || resolved.external ? undefined : resolved;
}
