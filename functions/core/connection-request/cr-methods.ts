/**
 * The ways to wake a CPE, tried in the operator's order (ACS_CR_METHODS): XMPP (TR-069 Annex K)
 * and UDP with STUN (Annex G) reach CPEs behind NAT; HTTP (3.2.2) reaches the others.
 */
export const crMethods = ["xmpp", "http", "udp"] as const;
export type CrMethod = (typeof crMethods)[number];

export const defaultCrMethods: readonly CrMethod[] = crMethods;

export function isCrMethod(value: string): value is CrMethod {
  return (crMethods as readonly string[]).includes(value);
}
