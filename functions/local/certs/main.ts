import { parseArgs } from "node:util";
import { ensureTestCa, issueCertificate } from "./create-cwmp-pki.ts";

const usage = `Usage: npm run certs -- [--dir <dir>] [--device <deviceId>]...
  Makes (once) a test CA and an ACS server certificate for 127.0.0.1/localhost in <dir>
  (default ./local-certs), and one client certificate per --device, CN = the device id
  (OUI-ProductClass-SerialNumber, each part %-escaped: e.g. 00D09E-SIM%2DHGW-SIM000001). For trying mutual TLS
  locally only: the keys are unencrypted.`;

/** `npm run certs`: a test PKI for the local ACS's mutual-TLS CWMP listener. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: "string", default: "local-certs" },
      device: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const dir = values.dir;
  const ca = await ensureTestCa(dir);
  const server = await issueCertificate(ca, dir, {
    name: "acs",
    commonName: "localhost",
    server: { altNames: ["DNS:localhost", "IP:127.0.0.1"] },
  });
  const lines = [`CA:     ${ca.certPath}`, `server: ${server.certPath} (key ${server.keyPath})`];
  for (const deviceId of values.device) {
    const device = await issueCertificate(ca, dir, { name: deviceId, commonName: deviceId });
    lines.push(`device: ${device.certPath} (key ${device.keyPath}), CN=${deviceId}`);
  }
  lines.push(
    "",
    "Start the ACS with:",
    `  ACS_CWMP_TLS_PORT=7443 ACS_CWMP_TLS_CERT=${server.certPath} ACS_CWMP_TLS_KEY=${server.keyPath} ACS_CWMP_CLIENT_CA=${ca.certPath} npm start`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
