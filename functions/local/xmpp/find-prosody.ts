import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { ProsodyNotInstalledError } from "./errors.ts";

export interface ProsodyBinaries {
  readonly prosody: string;
  readonly prosodyctl: string;
}

/** Absolute path of an executable on PATH (plus the sbin folders a non-login root shell lacks). */
export function findExecutable(name: string, path: string): string | undefined {
  for (const dir of [...path.split(delimiter), "/usr/sbin", "/sbin"]) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** @throws ProsodyNotInstalledError naming the missing binary (and apt-get install prosody). */
export function findProsody(path = process.env.PATH ?? ""): ProsodyBinaries {
  const prosody = findExecutable("prosody", path);
  if (prosody === undefined) throw new ProsodyNotInstalledError("prosody");
  const prosodyctl = findExecutable("prosodyctl", path);
  if (prosodyctl === undefined) throw new ProsodyNotInstalledError("prosodyctl");
  return { prosody, prosodyctl };
}
