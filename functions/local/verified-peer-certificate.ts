import type { Socket } from "node:net";
import { type PeerCertificate, TLSSocket } from "node:tls";
import type { APIGatewayEventClientCertificate } from "aws-lambda";

/**
 * The client certificate of a TLS connection whose handshake verified it against the
 * listener's CA (`authorized`), in the shape API Gateway passes a mutual-TLS client
 * certificate (requestContext.authentication.clientCert). Undefined on plain connections and
 * unverified ones: it comes from the socket, never from a header.
 */
export function verifiedPeerCertificate(
  socket: Socket,
): APIGatewayEventClientCertificate | undefined {
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer?.raw) return undefined;
  return {
    clientCertPem: `-----BEGIN CERTIFICATE-----\n${peer.raw.toString("base64")}\n-----END CERTIFICATE-----\n`,
    serialNumber: peer.serialNumber,
    subjectDN: rfc4514(peer.subject),
    issuerDN: rfc4514(peer.issuer),
    validity: { notBefore: peer.valid_from, notAfter: peer.valid_to },
  };
}

type Name = PeerCertificate["subject"];

/**
 * node:tls's name object (attributes in certificate order, repeated ones as arrays) as an
 * RFC 4514 string: RDNs most specific first (section 2.1), values escaped (section 2.4).
 */
export function rfc4514(name: Name | undefined): string {
  const rdns: string[] = [];
  for (const [type, value] of Object.entries(name ?? {})) {
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const one of values) rdns.push(`${type}=${escapeValue(String(one))}`);
  }
  return rdns.reverse().join(",");
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;]/g, (ch) => `\\${ch}`)
    .replace(/^[ #]/, (ch) => `\\${ch}`)
    .replace(/ $/, "\\ ");
}
