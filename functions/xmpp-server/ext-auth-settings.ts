import { readFileSync } from "node:fs";
import * as z from "zod";
import type { ExtAuthSettings } from "./ext-auth-verifier.ts";

const settingsSchema = z.object({
  domain: z.string().min(1),
  accountKey: z.string().min(32),
  acsUser: z.string().min(1),
  acsPassword: z.string().min(1),
});

/** The settings file could not be read or is not what the program needs. */
export class ExtAuthSettingsError extends Error {
  constructor(path: string, options: { cause: unknown }) {
    super(`cannot use external-auth settings ${path}`, options);
    this.name = "ExtAuthSettingsError";
  }
}

/**
 * A JSON file (mode 0600, written by whoever starts ejabberd) rather than the environment:
 * ejabberd hands its own environment to the program, and the key is kept out of it.
 * @throws ExtAuthSettingsError
 */
export function readExtAuthSettings(path: string): ExtAuthSettings {
  try {
    return settingsSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  } catch (cause) {
    throw new ExtAuthSettingsError(path, { cause });
  }
}
