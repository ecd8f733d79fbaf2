/**
 * A client certificate that the TLS terminator verified against the operator's CPE CA bundle
 * (the ALB in mutual-TLS verify mode, or the local ACS with ACS_CWMP_TLS_CA). Only adapters that
 * know the certificate was verified may build one; a header alone proves nothing.
 */
export interface ClientCertificate {
  /** Subject distinguished name, RFC 4514 (formerly RFC 2253) string form. */
  readonly subject: string;
  /** Serial number, hexadecimal. */
  readonly serialNumber: string;
  /** Issuer distinguished name, RFC 4514 string form. */
  readonly issuer: string;
}

/**
 * The device a certificate speaks for: its subject CN, which must equal the device id the ACS
 * keys devices by (OUI-ProductClass-SerialNumber from the Inform's DeviceIdStruct, TR-069
 * A.3.3.1, escaped as in model/device-id.ts). Common practice for CPE certificates is a CN built
 * from OUI and serial number; issuing it in exactly this form binds certificate and device
 * without a lookup. Undefined without a CN.
 */
export function certificateDeviceId(certificate: ClientCertificate): string | undefined {
  return distinguishedNameAttribute(certificate.subject, "CN");
}

/**
 * One attribute's value from an RFC 4514 string: RDNs are separated by unescaped "," (and
 * multi-valued RDNs by "+"); "\\" escapes one character or two hex digits (section 2.4).
 */
export function distinguishedNameAttribute(dn: string, type: string): string | undefined {
  for (const part of splitUnescaped(dn)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim().toUpperCase() === type.toUpperCase()) {
      return unescapeValue(part.slice(eq + 1).trim());
    }
  }
  return undefined;
}

function splitUnescaped(dn: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charAt(i);
    if (ch === "\\" && i + 1 < dn.length) {
      current += ch + dn.charAt(++i);
    } else if (ch === "," || ch === "+") {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeValue(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    const hex = value.slice(i + 1, i + 3);
    if (ch === "\\" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (ch === "\\" && i + 1 < value.length) {
      bytes.push(...new TextEncoder().encode(value.charAt(++i)));
    } else {
      bytes.push(...new TextEncoder().encode(ch));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
