import { readFileSync } from "node:fs";
import type { CliTlsFiles } from "./cli-args.ts";
import { CliArgumentError } from "./errors.ts";
import type { CpeTlsOptions } from "./http-post.ts";

/**
 * Each device's TLS settings from the command line's files, read once per device at start so a
 * wrong path fails before any device boots. `{serial}` in --cert/--key names one file per device
 * (its certificate's CN must be that device's id for the ACS to accept it); the CA is shared.
 * Undefined when no TLS flag is given.
 */
export function cliTls(files: CliTlsFiles): ((serialNumber: string) => CpeTlsOptions) | undefined {
  if (files.cert === undefined && files.ca === undefined) return undefined;
  const ca = files.ca === undefined ? undefined : readPem("--ca", files.ca);
  return (serialNumber) => {
    const path = (template: string) => template.replaceAll("{serial}", serialNumber);
    return {
      ...(files.cert !== undefined && { cert: readPem("--cert", path(files.cert)) }),
      ...(files.key !== undefined && { key: readPem("--key", path(files.key)) }),
      ...(ca !== undefined && { ca }),
    };
  };
}

function readPem(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliArgumentError(`${flag} ${path}: ${(error as Error).message}`, { cause: error });
  }
}
