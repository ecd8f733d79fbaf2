import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { MissingBinaryError } from "./xmpp-harness-errors.ts";

/** Absolute path of an executable on PATH (plus the sbin folders a non-login root shell lacks). */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
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

/**
 * For `it(name, { skip: requireBinary("prosody") }, ...)`: false when the binary is present;
 * otherwise a skip reason, except under CI=true where a missing prerequisite is a failure.
 */
export function requireBinary(name: string, env: NodeJS.ProcessEnv = process.env): string | false {
  if (findBinary(name) !== undefined) return false;
  if (env.CI === "true") throw new MissingBinaryError(name);
  return `${name} is not installed; install it (apt-get install ${name}) to run this test`;
}
