import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCommand } from "./run-command.ts";

export interface SelfSignedCert {
  keyPath: string;
  certPath: string;
  /** PEM of the certificate, to pass as a trusted CA to the client. */
  certPem: string;
}

/** `<dir>/<domain>.key` and `<dir>/<domain>.crt`. */
export function certPaths(dir: string, domain: string): { keyPath: string; certPath: string } {
  return { keyPath: join(dir, `${domain}.key`), certPath: join(dir, `${domain}.crt`) };
}

/**
 * An EC P-256 self-signed certificate for `domain` (SAN dNSName, which clients check against
 * the XMPP domain, RFC 7590 section 3.2), written with openssl.
 */
export async function createSelfSignedCert(
  dir: string,
  domain: string,
  options: { days?: number } = {},
): Promise<SelfSignedCert> {
  const { keyPath, certPath } = certPaths(dir, domain);
  await runCommand("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    String(options.days ?? 2),
    "-subj",
    `/CN=${domain}`,
    "-addext",
    `subjectAltName=DNS:${domain}`,
    "-keyout",
    keyPath,
    "-out",
    certPath,
  ]);
  return { keyPath, certPath, certPem: await readFile(certPath, "utf8") };
}

/**
 * The certificate already in `dir` when it names `domain` and stays valid for `minValidMs`;
 * undefined when it is missing, unreadable, for another name or about to expire.
 */
export async function reusableCert(
  dir: string,
  domain: string,
  options: { now: number; minValidMs: number },
): Promise<SelfSignedCert | undefined> {
  const { keyPath, certPath } = certPaths(dir, domain);
  try {
    await readFile(keyPath);
    const certPem = await readFile(certPath, "utf8");
    const cert = new X509Certificate(certPem);
    if (cert.checkHost(domain) === undefined) return undefined;
    if (Date.parse(cert.validTo) - options.now < options.minValidMs) return undefined;
    return { keyPath, certPath, certPem };
  } catch {
    return undefined;
  }
}
