import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCommand } from "./xmpp-server-process.ts";

export interface SelfSignedCert {
  keyPath: string;
  certPath: string;
  /** PEM of the certificate, to pass as a trusted CA to the client. */
  certPem: string;
}

/** An EC P-256 self-signed certificate for `domain` (SAN dNSName), valid for two days. */
export async function createSelfSignedCert(dir: string, domain: string): Promise<SelfSignedCert> {
  const keyPath = join(dir, `${domain}.key`);
  const certPath = join(dir, `${domain}.crt`);
  await runCommand("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "2",
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
