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
  /** Destinations allowed even when they fall in a refused range (tests use 127.0.0.1/32). */
  readonly allowCidrs?: readonly string[];
  /** @default node:dns lookup of all addresses */
  readonly resolve?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
}

/**
 * A ConnectionRequestURL comes from the CPE (TR-069 3.2.2) and so is untrusted: refuse what
 * would make the ACS a proxy into its own network (SSRF). The host is resolved once; every
 * address must pass, and the caller connects to the first one, never resolving again (which
 * would allow DNS rebinding).
 * @throws InvalidCidrError at creation when allowCidrs holds a non-CIDR.
 */
export function createUrlGuard(options: UrlGuardOptions = {}): UrlGuard {
  const allowed = (options.allowCidrs ?? []).map(toCidr);
  const resolve = options.resolve ?? resolveAll;

  const judge = (address: IpAddress): BlockedAddressReason | undefined => {
    const unmapped = unmapIpv4(address);
    if (allowed.some((cidr) => cidrContains(cidr, address) || cidrContains(cidr, unmapped))) {
      return undefined;
    }
    return classifyAddress(address);
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
