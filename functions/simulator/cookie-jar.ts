/**
 * The cookie store of one CWMP session (TR-069 3.4.2: CPEs must support
 * cookies; the ACS uses them to tie the session's HTTP requests together).
 * A subset of RFC 6265 section 5: host-only cookies, Path matching,
 * deletion by Max-Age/Expires, Secure honoured. A new jar per session, so
 * nothing leaks into the next one.
 */
export interface CookieJar {
  /** Stores the `Set-Cookie` values of a response to `url` (RFC 6265 section 5.3). */
  store(setCookie: readonly string[], url: URL): void;
  /** The `Cookie` header for a request to `url`, or undefined (section 5.4). */
  header(url: URL): string | undefined;
  names(): string[];
}

interface StoredCookie {
  readonly value: string;
  readonly path: string;
  readonly secure: boolean;
}

export function createCookieJar(options: { readonly now: () => number }): CookieJar {
  const cookies = new Map<string, StoredCookie>();
  return {
    store: (setCookie, url) => {
      for (const line of setCookie) {
        const parsed = parseSetCookie(line, url, options.now());
        if (parsed === undefined) continue;
        const key = `${parsed.name};${parsed.cookie.path}`;
        if (parsed.expired) cookies.delete(key);
        else cookies.set(key, parsed.cookie);
      }
    },
    header: (url) => {
      const pairs: string[] = [];
      // Section 5.4 step 2: longer paths first.
      const sorted = [...cookies].sort(([, a], [, b]) => b.path.length - a.path.length);
      for (const [key, cookie] of sorted) {
        if (cookie.secure && url.protocol !== "https:") continue;
        if (!pathMatches(url.pathname, cookie.path)) continue;
        pairs.push(`${key.slice(0, key.indexOf(";"))}=${cookie.value}`);
      }
      return pairs.length === 0 ? undefined : pairs.join("; ");
    },
    names: () => [...cookies.keys()].map((key) => key.slice(0, key.indexOf(";"))),
  };
}

function parseSetCookie(
  line: string,
  url: URL,
  nowMs: number,
): { name: string; cookie: StoredCookie; expired: boolean } | undefined {
  const [pair = "", ...attributes] = line.split(";");
  const equals = pair.indexOf("=");
  if (equals < 1) return undefined; // section 5.2 steps 2-3: no name, ignore the line
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  let path = defaultPath(url.pathname);
  let secure = false;
  let expired = false;
  let maxAgeSeen = false;
  for (const attribute of attributes) {
    const [rawKey = "", ...rest] = attribute.split("=");
    const key = rawKey.trim().toLowerCase();
    const attributeValue = rest.join("=").trim();
    if (key === "path" && attributeValue.startsWith("/")) path = attributeValue;
    else if (key === "secure") secure = true;
    else if (key === "max-age" && /^-?\d+$/.test(attributeValue)) {
      // Section 5.3 step 3: Max-Age wins over Expires.
      maxAgeSeen = true;
      expired = Number(attributeValue) <= 0;
    } else if (key === "expires" && !maxAgeSeen) {
      const time = Date.parse(attributeValue);
      if (!Number.isNaN(time)) expired = time <= nowMs;
    }
  }
  return { name, cookie: { value, path, secure }, expired };
}

/** Section 5.1.4: the directory of the request path. */
function defaultPath(requestPath: string): string {
  const slash = requestPath.lastIndexOf("/");
  return slash <= 0 ? "/" : requestPath.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}

/**
 * The jar of a device that echoes each Set-Cookie line verbatim as its Cookie header,
 * attributes included (`acs_sid=x; Path=/; HttpOnly`), as some CPE agents do instead of
 * RFC 6265 section 5.4. The latest line per cookie name is kept; lines are joined by "; ".
 */
export function createEchoingCookieJar(): CookieJar {
  const lines = new Map<string, string>();
  return {
    store: (setCookie) => {
      for (const line of setCookie) {
        const equals = line.indexOf("=");
        if (equals >= 1) lines.set(line.slice(0, equals).trim(), line);
      }
    },
    header: () => (lines.size === 0 ? undefined : [...lines.values()].join("; ")),
    names: () => [...lines.keys()],
  };
}
