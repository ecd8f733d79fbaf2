import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCommand } from "../xmpp/run-command.ts";

/** A CA's key and certificate, and where they are. */
export interface PemPair {
  readonly keyPath: string;
  readonly certPath: string;
}

const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * `<dir>/ca.key`, `<dir>/ca.crt`: a test CA for the local mutual-TLS listener
 * (ACS_CWMP_CLIENT_CA) and the server certificate; kept when already there, so certificates it
 * issued stay valid.
 */
export async function ensureTestCa(dir: string, options: { days?: number } = {}): Promise<PemPair> {
  const pair = { keyPath: join(dir, "ca.key"), certPath: join(dir, "ca.crt") };
  if (existsSync(pair.keyPath) && existsSync(pair.certPath)) return pair;
  await mkdir(dir, { recursive: true });
  await runCommand("openssl", [
    "req",
    "-x509",
    ...ecKey,
    "-days",
    String(options.days ?? 30),
    "-subj",
    "/CN=Local ACS test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout",
    pair.keyPath,
    "-out",
    pair.certPath,
  ]);
  return pair;
}

/**
 * A certificate issued by `ca`: `<dir>/<name>.key`, `<dir>/<name>.crt`. For the ACS (`server`:
 * SANs the client checks, serverAuth) or a CPE (subject CN = its device id, which is what binds
 * the certificate to the device; clientAuth).
 */
export async function issueCertificate(
  ca: PemPair,
  dir: string,
  request: {
    readonly name: string;
    readonly commonName: string;
    readonly server?: { readonly altNames: readonly string[] };
    readonly days?: number;
  },
): Promise<PemPair> {
  const pair = {
    keyPath: join(dir, `${request.name}.key`),
    certPath: join(dir, `${request.name}.crt`),
  };
  const csrPath = join(dir, `${request.name}.csr`);
  const extPath = join(dir, `${request.name}.ext`);
  await runCommand("openssl", [
    "req",
    ...ecKey,
    "-subj",
    `/CN=${request.commonName.replace(/[/\\]/g, (ch) => `\\${ch}`)}`,
    "-keyout",
    pair.keyPath,
    "-out",
    csrPath,
  ]);
  const usage = request.server
    ? `extendedKeyUsage=serverAuth\nsubjectAltName=${request.server.altNames.join(",")}\n`
    : "extendedKeyUsage=clientAuth\n";
  await writeFile(extPath, `basicConstraints=CA:FALSE\n${usage}`);
  await runCommand("openssl", [
    "x509",
    "-req",
    "-in",
    csrPath,
    "-CA",
    ca.certPath,
    "-CAkey",
    ca.keyPath,
    "-CAcreateserial",
    "-days",
    String(request.days ?? 30),
    "-extfile",
    extPath,
    "-out",
    pair.certPath,
  ]);
  return pair;
}
