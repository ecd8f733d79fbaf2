import { readFileSync } from "node:fs";
import { ConfigError } from "../config/config-error.ts";
import type { EnvReader } from "../config/env-reader.ts";

/**
 * The local ACS's HTTPS CWMP listener: the stand-in for the front door's 443 listener
 * (lib/constructs/cwmp-front-door.ts). With `clientCa`, mutual TLS in verify mode: a client
 * without a certificate issued by that CA fails the handshake, and a verified certificate
 * authenticates the CPE whose device id is its subject CN (core/auth/client-certificate.ts).
 */
export interface LocalCwmpTls {
  /** ACS_CWMP_TLS_PORT (0: any free port). */
  readonly port: number;
  /** ACS_CWMP_TLS_CERT: the server's certificate chain, PEM. */
  readonly cert: Buffer;
  /** ACS_CWMP_TLS_KEY: its private key, PEM. */
  readonly key: Buffer;
  /** ACS_CWMP_CLIENT_CA: the CPE CA bundle, PEM; set, client certificates are required. */
  readonly clientCa?: Buffer;
}

/** Undefined without ACS_CWMP_TLS_PORT; the files are read now so a bad path fails at start. */
export function readLocalCwmpTls(env: EnvReader): LocalCwmpTls | undefined {
  if (env.optionalString("ACS_CWMP_TLS_PORT") === undefined) {
    for (const name of ["ACS_CWMP_TLS_CERT", "ACS_CWMP_TLS_KEY", "ACS_CWMP_CLIENT_CA"]) {
      if (env.optionalString(name) !== undefined)
        throw new ConfigError(name, "needs ACS_CWMP_TLS_PORT (the HTTPS CWMP listener)");
    }
    return undefined;
  }
  const port = env.integer("ACS_CWMP_TLS_PORT", 7443, { min: 0, max: 65535 });
  const clientCa = optionalPem(env, "ACS_CWMP_CLIENT_CA");
  return {
    port,
    cert: requiredPem(env, "ACS_CWMP_TLS_CERT"),
    key: requiredPem(env, "ACS_CWMP_TLS_KEY"),
    ...(clientCa && { clientCa }),
  };
}

function requiredPem(env: EnvReader, name: string): Buffer {
  const pem = optionalPem(env, name);
  if (pem === undefined) throw new ConfigError(name, "is required with ACS_CWMP_TLS_PORT");
  return pem;
}

function optionalPem(env: EnvReader, name: string): Buffer | undefined {
  const path = env.optionalString(name);
  if (path === undefined) return undefined;
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    throw new ConfigError(name, `cannot read ${path}: ${(error as Error).message}`);
  }
  if (!pem.includes("-----BEGIN ")) throw new ConfigError(name, `${path} is not PEM`);
  return pem;
}
