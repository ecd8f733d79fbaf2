import type { BlockedAddressReason } from "../../core/connection-request/cr-attempt.ts";
import { type Cidr, cidrContains, type IpAddress, parseCidr, unmapIpv4 } from "./ip-address.ts";

export type { BlockedAddressReason };

// First match wins, so the metadata hosts are named before the link-local range holding one.
// Private ranges (RFC 1918, RFC 6598 100.64/10, IPv6 ULA fc00::/7) are deliberately absent:
// operators' CPEs live there.
const BLOCKED: readonly (readonly [string, BlockedAddressReason])[] = [
  ["169.254.169.254/32", "metadata"], // AWS, GCP, Azure instance metadata
  ["fd00:ec2::254/128", "metadata"], // AWS IMDS over IPv6
  ["100.100.100.200/32", "metadata"], // Alibaba Cloud metadata
  ["127.0.0.0/8", "loopback"], // RFC 1122 section 3.2.1.3
  ["::1/128", "loopback"],
  ["0.0.0.0/8", "unspecified"], // "this network": Linux connects 0.0.0.0 to the local host
  ["::/128", "unspecified"],
  ["169.254.0.0/16", "link-local"], // RFC 3927
  ["fe80::/10", "link-local"], // RFC 4291 section 2.5.6
  ["224.0.0.0/4", "multicast"],
  ["ff00::/8", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"], // RFC 1112 class E
  ["::/96", "reserved"], // deprecated IPv4-compatible IPv6 (RFC 4291 section 2.5.5.1)
];

const BLOCKED_CIDRS: readonly (readonly [Cidr, BlockedAddressReason])[] = BLOCKED.map(
  ([text, reason]) => {
    const cidr = parseCidr(text);
    if (cidr === undefined) throw new TypeError(`bad built-in CIDR ${text}`);
    return [cidr, reason] as const;
  },
);

/** The reason an address must not be contacted, or undefined when it may be. */
export function classifyAddress(address: IpAddress): BlockedAddressReason | undefined {
  const judged = unmapIpv4(address);
  return BLOCKED_CIDRS.find(([cidr]) => cidrContains(cidr, judged))?.[1];
}
