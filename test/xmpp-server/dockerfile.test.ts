import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONTAINER_DEFAULTS } from "../../functions/xmpp-server/container-settings.ts";
import {
  esbuildCommands,
  parseDockerfile,
  readXmppServerDockerfile,
} from "../support/dockerfile-instructions.ts";

const BUNDLE_FLAGS = ["--bundle", "--platform=node", "--target=node20", "--format=esm"];

const outfileOf = (argv: readonly string[]) =>
  argv.find((arg) => arg.startsWith("--outfile="))?.slice("--outfile=".length);

describe("Dockerfile parsing (the subset our Dockerfiles use)", () => {
  it("joins continuations, drops comments and splits RUN on &&", () => {
    // Prepare
    const text = [
      "# syntax=docker/dockerfile:1",
      "FROM x AS build",
      "RUN npx esbuild a.ts --bundle \\",
      "  # a comment inside a continuation",
      "      --outfile=/out/a.mjs \\",
      " && npx esbuild b.ts --outfile=/out/b.mjs && echo done",
      'CMD ["node", "/app/a.mjs"]',
    ].join("\n");
    // Act
    const instructions = parseDockerfile(text);
    // Assess
    assert.deepEqual(
      instructions.map((instruction) => instruction.keyword),
      ["FROM", "RUN", "CMD"],
    );
    assert.deepEqual(esbuildCommands(instructions), [
      ["a.ts", "--bundle", "--outfile=/out/a.mjs"],
      ["b.ts", "--outfile=/out/b.mjs"],
    ]);
  });
});

describe("functions/xmpp-server/Dockerfile (checked without a Docker engine)", () => {
  const instructions = readXmppServerDockerfile();
  const byKeyword = (keyword: string) => instructions.filter((i) => i.keyword === keyword);

  it("bundles ext-auth.ts and container-start.ts as self-contained node 20 ESM files", () => {
    const commands = esbuildCommands(instructions);
    assert.deepEqual(
      commands.map((argv) => [argv[0], outfileOf(argv)]),
      [
        ["functions/xmpp-server/ext-auth.ts", "/out/ext-auth.mjs"],
        ["functions/xmpp-server/container-start.ts", "/out/start.mjs"],
      ],
    );
    for (const argv of commands) {
      for (const flag of BUNDLE_FLAGS) assert.ok(argv.includes(flag), `${argv[0]}: ${flag}`);
    }
  });

  it("copies the bundles to /app/, where the entry point looks for ext-auth.mjs", () => {
    const copy = byKeyword("COPY").find(
      (i) => i.args.includes("--from=build") && /\/out\//.test(i.args),
    );
    assert.match(copy?.args ?? "", /\s\/out\/\s+\/app\/$/);
    assert.equal(CONTAINER_DEFAULTS.extAuthProgram, "/app/ext-auth.mjs");
  });

  it("starts node on /app/start.mjs in exec form, with no ENTRYPOINT in between", () => {
    const cmd = byKeyword("CMD");
    assert.equal(cmd.length, 1);
    assert.deepEqual(JSON.parse(cmd[0]?.args ?? ""), ["/usr/local/bin/node", "/app/start.mjs"]);
    assert.deepEqual(byKeyword("ENTRYPOINT"), []);
  });

  it("exposes the entry point's default ports and runs as ejabberd in its run folder", () => {
    assert.deepEqual(byKeyword("EXPOSE")[0]?.args.split(/\s+/).map(Number), [
      CONTAINER_DEFAULTS.starttlsPort,
      CONTAINER_DEFAULTS.directTlsPort,
    ]);
    assert.deepEqual(byKeyword("USER").at(-1)?.args, "ejabberd");
    assert.deepEqual(
      byKeyword("ENV").map((i) => i.args),
      [`XMPP_RUN_DIR=${CONTAINER_DEFAULTS.runDir}`],
    );
  });
});
