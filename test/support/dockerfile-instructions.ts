import { readFileSync } from "node:fs";

export interface DockerfileInstruction {
  /** Upper-cased, e.g. RUN, COPY, CMD. */
  readonly keyword: string;
  /** The rest of the instruction, continuation lines joined with one space. */
  readonly args: string;
}

export const XMPP_SERVER_DOCKERFILE = new URL(
  "../../functions/xmpp-server/Dockerfile",
  import.meta.url,
);

/**
 * The instructions of a Dockerfile (comments and parser directives dropped, backslash
 * continuations joined); enough of the Dockerfile grammar for our own files, no heredocs.
 */
export function parseDockerfile(text: string): DockerfileInstruction[] {
  const instructions: DockerfileInstruction[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) continue;
    const continued = line.endsWith("\\");
    current = `${current} ${continued ? line.slice(0, -1).trim() : line}`.trim();
    if (continued || current === "") continue;
    const [keyword = "", ...rest] = current.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(" ") });
    current = "";
  }
  return instructions;
}

/** The argument lists of every `npx esbuild ...` in the RUN instructions, in order. */
export function esbuildCommands(instructions: readonly DockerfileInstruction[]): string[][] {
  return instructions
    .filter((instruction) => instruction.keyword === "RUN")
    .flatMap((instruction) => instruction.args.split("&&"))
    .map((command) => command.trim().split(/\s+/))
    .filter(([tool, name]) => tool === "npx" && name === "esbuild")
    .map((argv) => argv.slice(2));
}

export function readXmppServerDockerfile(): DockerfileInstruction[] {
  return parseDockerfile(readFileSync(XMPP_SERVER_DOCKERFILE, "utf8"));
}
