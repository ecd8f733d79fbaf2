/** A JID split into its parts (RFC 7622 section 3). */
export interface ParsedJid {
  local: string | undefined;
  domain: string;
  resource: string | undefined;
}

export type JidParseResult = { ok: true; jid: ParsedJid } | { ok: false; reason: string };

/** Each part is limited to 1023 octets (RFC 7622 sections 3.2-3.4). */
const MAX_PART_BYTES = 1023;
/** Characters the localpart may not contain (RFC 7622 section 3.3.1). */
const LOCALPART_FORBIDDEN = /["&'/:<>@\s]/;
const DOMAIN_FORBIDDEN = /[\s/@]/;

function partProblem(part: string, label: string): string | undefined {
  if (part.length === 0) return `empty ${label}`;
  if (Buffer.byteLength(part, "utf8") > MAX_PART_BYTES) return `${label} longer than 1023 octets`;
  return undefined;
}

/**
 * Parses and sanity-checks a JID without full PRECIS enforcement: enough to refuse values that
 * cannot be addressed (empty, stray '@' or whitespace) before putting them on the wire.
 */
export function parseJid(value: string | undefined | null): JidParseResult {
  if (typeof value !== "string" || value.trim() === "") return { ok: false, reason: "missing JID" };
  const slash = value.indexOf("/");
  const bare = slash === -1 ? value : value.slice(0, slash);
  const resource = slash === -1 ? undefined : value.slice(slash + 1);
  const at = bare.indexOf("@");
  const local = at === -1 ? undefined : bare.slice(0, at);
  const domain = at === -1 ? bare : bare.slice(at + 1);

  const problem =
    partProblem(domain, "domainpart") ??
    (local === undefined ? undefined : partProblem(local, "localpart")) ??
    (resource === undefined ? undefined : partProblem(resource, "resourcepart"));
  if (problem !== undefined) return { ok: false, reason: problem };
  if (DOMAIN_FORBIDDEN.test(domain)) return { ok: false, reason: "invalid domainpart" };
  if (local !== undefined && LOCALPART_FORBIDDEN.test(local)) {
    return { ok: false, reason: "invalid localpart" };
  }
  return { ok: true, jid: { local, domain, resource } };
}

/** Local and domain parts compare case-insensitively here; the resource is case-sensitive. */
export function bareJidKey(jid: ParsedJid): string {
  const domain = jid.domain.toLowerCase().replace(/\.$/, "");
  return jid.local === undefined ? domain : `${jid.local.toLowerCase()}@${domain}`;
}

export function fullJidKey(jid: ParsedJid): string {
  return jid.resource === undefined ? bareJidKey(jid) : `${bareJidKey(jid)}/${jid.resource}`;
}

/**
 * Whether a reply's 'from' can answer an IQ sent to `to`: the addressee itself, or its account
 * or server answering on its behalf (RFC 6120 sections 8.5.3 and 10.5: an unavailable resource
 * or bare JID is answered by the server).
 */
export function isPlausibleReplier(from: string | undefined, to: ParsedJid): boolean {
  if (from === undefined) return false;
  const parsed = parseJid(from);
  if (!parsed.ok) return false;
  const key = fullJidKey(parsed.jid);
  return key === fullJidKey(to) || key === bareJidKey(to) || key === to.domain.toLowerCase();
}
