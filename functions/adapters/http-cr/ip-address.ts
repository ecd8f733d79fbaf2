import { isIPv4, isIPv6 } from "node:net";

/** An IP address as a number, so CIDR membership is a shift and a compare. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface Cidr {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

const MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96, RFC 4291 section 2.5.5.2

/** Parses a literal IPv4 or IPv6 address (brackets and zone id tolerated). */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(bare)) return { family: 4, value: ipv4Value(bare) };
  if (isIPv6(bare)) return { family: 6, value: ipv6Value(bare) };
  return undefined;
}

/** `a.b.c.d/n` or `x::y/n`; a bare address is a /32 or /128. */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText = "", prefixText, ...rest] = text.trim().split("/");
  const address = parseIp(addressText);
  if (address === undefined || rest.length > 0) return undefined;
  const width = address.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(width)) || prefix > width) return undefined;
  const shift = BigInt(width - prefix);
  return { family: address.family, base: (address.value >> shift) << shift, prefix };
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.family !== address.family) return false;
  const shift = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return address.value >> shift === cidr.base >> shift;
}

/** `::ffff:a.b.c.d` reaches the IPv4 host a.b.c.d, so it is judged as that host. */
export function unmapIpv4(address: IpAddress): IpAddress {
  if (address.family === 6 && address.value >> 32n === MAPPED_PREFIX >> 32n) {
    return { family: 4, value: address.value & 0xffffffffn };
  }
  return address;
}

function ipv4Value(text: string): bigint {
  return text.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(text: string): bigint {
  let body = text.toLowerCase();
  const lastColon = body.lastIndexOf(":");
  const tail = body.slice(lastColon + 1);
  if (isIPv4(tail)) {
    // Embedded dotted quad: rewrite as two hextets.
    const v4 = ipv4Value(tail);
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", rest] = body.split("::");
  const headParts = head === "" ? [] : head.split(":");
  const restParts = rest === undefined || rest === "" ? [] : rest.split(":");
  const missing = 8 - headParts.length - restParts.length;
  const parts = [...headParts, ...Array<string>(Math.max(missing, 0)).fill("0"), ...restParts];
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(Number.parseInt(part, 16)), 0n);
}
