import { lookup } from "node:dns/promises";
import type {
  BlockedAddressReason,
  UrlRefusalReason,
} from "../../core/connection-request/cr-attempt.ts";
import { classifyAddress } from "./classify-address.ts";
import { InvalidCidrError } from "./errors.ts";
import {
  type Cidr,
  cidrContains,
  type IpAddress,
  parseCidr,
  parseIp,
  unmapIpv4,
} from "./ip-address.ts";
import { effectivePort, type PortRange } from "./port-range.ts";

export type { UrlRefusalReason };

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type UrlGuardDecision =
  | {
      readonly kind: "allowed";
      readonly url: URL;
      /** Connect to exactly this address: it is the one that was checked. */
      readonly address: string;
      readonly family: 4 | 6;
    }
  | { readonly kind: "refused"; readonly reason: UrlRefusalReason }
  | { readonly kind: "unresolvable" };

export interface UrlGuard {
  check(url: string): Promise<UrlGuardDecision>;
}

export interface UrlGuardOptions {
  /**
   * Destinations allowed even when they fall in a refused range or outside `allowedNetworks`
   * (tests use 127.0.0.1/32).
   */
  readonly allowCidrs?: readonly string[];
  /** Ports a URL may name (the scheme's default counts); empty or undefined: any port. */
  readonly allowedPorts?: readonly PortRange[];
  /** CIDRs every resolved address must lie in; empty or undefined: any address not refused. */
  readonly allowedNetworks?: readonly string[];
  /** @default node:dns lookup of all addresses */
  readonly resolve?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
}

/**
 * A ConnectionRequestURL comes from the CPE (TR-069 3.2.2) and so is untrusted: refuse what
 * would make the ACS a proxy into its own network (SSRF). The host is resolved once; every
 * address must pass, and the caller connects to the first one, never resolving again (which
 * would allow DNS rebinding).
 *
 * By default any port and every private range (RFC 1918, RFC 6598 shared address space, IPv6
 * ULA) is allowed, because that is where CPEs are: the ConnectionRequestURL is the CPE's own
 * WAN address, which in operator networks is a private or CGNAT address reached over the
 * operator's routing, and TR-069 leaves its port to the CPE (7547 is only customary; vendors
 * use 30005, 8089, 50805, ...). Refusing them would break connection requests for most
 * fleets. An operator who knows its CPE ranges and ports narrows the guard with
 * `allowedNetworks` and `allowedPorts` (stage option `crUrlGuard`); the fixed refusals
 * (loopback, link-local, metadata, ...) apply either way.
 * @throws InvalidCidrError at creation when allowCidrs or allowedNetworks holds a non-CIDR.
 */
export function createUrlGuard(options: UrlGuardOptions = {}): UrlGuard {
  const exempt = (options.allowCidrs ?? []).map(toCidr);
  const networks = (options.allowedNetworks ?? []).map(toCidr);
  const ports = options.allowedPorts ?? [];
  const resolve = options.resolve ?? resolveAll;

  const within = (cidrs: readonly Cidr[], address: IpAddress): boolean => {
    const unmapped = unmapIpv4(address);
    return cidrs.some((cidr) => cidrContains(cidr, address) || cidrContains(cidr, unmapped));
  };
  const judge = (address: IpAddress): UrlRefusalReason | undefined => {
    if (within(exempt, address)) return undefined;
    const blocked: BlockedAddressReason | undefined = classifyAddress(address);
    if (blocked !== undefined) return blocked;
    if (networks.length > 0 && !within(networks, address)) return "network-not-allowed";
    return undefined;
  };
  const portAllowed = (url: URL): boolean => {
    const port = effectivePort(url);
    return ports.length === 0 || ports.some((range) => range.from <= port && port <= range.to);
  };

  return {
    async check(text) {
      const url = URL.canParse(text) ? new URL(text) : undefined;
      if (url === undefined) return { kind: "refused", reason: "invalid-url" };
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return { kind: "refused", reason: "unsupported-scheme" };
      }
      if (url.username !== "" || url.password !== "") {
        return { kind: "refused", reason: "userinfo" };
      }
      if (!portAllowed(url)) return { kind: "refused", reason: "port-not-allowed" };
      const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
      const candidates = parseIp(host) === undefined ? await resolveQuietly(resolve, host) : [host];
      const addresses = candidates.map(parseIp);
      const [first] = addresses;
      if (first === undefined) return { kind: "unresolvable" };
      for (const address of addresses) {
        if (address === undefined) return { kind: "unresolvable" };
        const reason = judge(address);
        if (reason !== undefined) return { kind: "refused", reason };
      }
      return { kind: "allowed", url, address: candidates[0] ?? host, family: first.family };
    },
  };
}

function toCidr(text: string): Cidr {
  const cidr = parseCidr(text);
  if (cidr === undefined) throw new InvalidCidrError(text);
  return cidr;
}

async function resolveAll(hostname: string): Promise<readonly ResolvedAddress[]> {
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => ({
    address: result.address,
    family: result.family === 6 ? 6 : 4,
  }));
}

/** Any resolver failure (NXDOMAIN, SERVFAIL, no addresses) means the CPE cannot be reached. */
async function resolveQuietly(
  resolve: (hostname: string) => Promise<readonly ResolvedAddress[]>,
  hostname: string,
): Promise<string[]> {
  try {
    return (await resolve(hostname)).map((result) => result.address);
  } catch {
    return [];
  }
}
