/**
 * Header names whose canonical spelling is not "capitalise each dash-separated word"
 * (RFC 9110 registry spelling).
 */
const irregular: Readonly<Record<string, string>> = {
  "www-authenticate": "WWW-Authenticate",
  "content-md5": "Content-MD5",
  etag: "ETag",
  te: "TE",
  soapaction: "SOAPAction",
};

/**
 * The registry spelling of a header name (`www-authenticate` -> `WWW-Authenticate`,
 * `retry-after` -> `Retry-After`). RFC 9110 5.1 makes names case-insensitive, but embedded
 * CWMP agents (easycwmp among them) match them with case-sensitive string compares, so
 * whatever the ACS puts on the wire to a CPE is spelled canonically.
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return (
    irregular[lower] ??
    lower.replace(
      /(^|-)([a-z])/g,
      (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
    )
  );
}

/** The same headers with canonical names; later duplicates (by case) win, as in a lookup. */
export function canonicalHeaders<V>(headers: Readonly<Record<string, V>>): Record<string, V> {
  const result: Record<string, V> = {};
  for (const [name, value] of Object.entries(headers)) result[canonicalHeaderName(name)] = value;
  return result;
}
