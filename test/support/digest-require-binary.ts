import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Whether a test prerequisite binary exists. Missing under CI=true must fail the suite (so a
 * broken CI image is noticed); elsewhere the suite skips with this reason.
 */
export interface BinaryRequirement {
  readonly name: string;
  readonly path: string | undefined;
  readonly hint: string;
  /** For `describe(..., { skip })`: a reason, or false when the tests must run (or fail). */
  readonly skip: string | false;
}

export class MissingBinaryError extends Error {
  readonly binary: string;

  constructor(binary: string, hint: string) {
    super(`required binary ${binary} not found (${hint})`);
    this.name = "MissingBinaryError";
    this.binary = binary;
  }
}

export interface RequireBinaryOptions {
  /** Install hint, e.g. "apt-get install apache2". */
  readonly hint: string;
  /** Searched after PATH; sbin folders are not on every user's PATH. */
  readonly extraDirs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export function requireBinary(name: string, options: RequireBinaryOptions): BinaryRequirement {
  const env = options.env ?? process.env;
  const dirs = [...(env.PATH ?? "").split(delimiter), ...(options.extraDirs ?? [])];
  const path = dirs.map((dir) => join(dir, name)).find(isExecutable);
  if (path !== undefined) return { name, path, hint: options.hint, skip: false };
  const ci = env.CI === "true";
  return {
    name,
    path: undefined,
    hint: options.hint,
    skip: ci ? false : `${name} not installed (${options.hint}); skipped outside CI`,
  };
}

/** The binary's path, or a MissingBinaryError that fails the calling hook/test. */
export function binaryPath(requirement: BinaryRequirement): string {
  if (requirement.path === undefined) {
    throw new MissingBinaryError(requirement.name, requirement.hint);
  }
  return requirement.path;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
