import { createHash } from "node:crypto";
import type { InformFacts } from "../model/inform-facts.ts";

/**
 * A digest of what META stores from an Inform (identity, the forced Inform parameters, the
 * addresses): equal digests mean the device record needs no write (the
 * device store keeps the last one beside the lease).
 */
export function informDigest(facts: InformFacts): string {
  const stored = [
    facts.manufacturer,
    facts.oui,
    facts.productClass,
    facts.serialNumber,
    Object.entries(facts.informParameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    facts.connectionRequestUrl ?? null,
    facts.connReqJabberId ?? null,
    facts.udpConnectionRequestAddress ?? null,
  ];
  return createHash("sha256").update(JSON.stringify(stored)).digest("base64url").slice(0, 22);
}
