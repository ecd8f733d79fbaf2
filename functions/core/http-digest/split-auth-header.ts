import { ChallengeParseError } from "./errors.ts";

/** One challenge (or credentials) before interpretation: scheme plus raw auth-params. */
export interface RawAuthItem {
  readonly scheme: string;
  readonly token68: string | undefined;
  /** Lower-cased parameter names; the first occurrence of a name wins. */
  readonly params: ReadonlyMap<string, string>;
}

// RFC 7230 section 3.2.6 tchar.
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*/y;
const QOP_VALUE = /^auth(-int)?$/i;

interface Cursor {
  readonly text: string;
  pos: number;
}

/**
 * Splits an RFC 7235 `WWW-Authenticate` / `Authorization` value into schemes and parameters.
 *
 * Tolerant of what CPEs send in the field: parameters separated by spaces only, unquoted values
 * (including `qop=auth,auth-int`), odd spacing and case, empty list elements. A token followed by
 * `=` is a parameter; any other token starts the next challenge.
 * @throws ChallengeParseError when the text is not a list of challenges at all.
 */
export function splitAuthHeader(text: string): RawAuthItem[] {
  const cursor: Cursor = { text, pos: 0 };
  const items: RawAuthItem[] = [];
  for (;;) {
    skip(cursor, /[\s,]/);
    if (cursor.pos >= text.length) break;
    const scheme = readToken(cursor);
    if (scheme === "") fail(cursor, "expected an auth-scheme");
    skip(cursor, /\s/);
    const token68 = isParamScheme(scheme) ? undefined : readToken68(cursor);
    const params = new Map<string, string>();
    if (token68 === undefined) readParams(cursor, params);
    items.push({ scheme, token68, params });
  }
  if (items.length === 0) fail(cursor, "no challenge in header");
  return items;
}

function isParamScheme(scheme: string): boolean {
  const lower = scheme.toLowerCase();
  return lower === "digest" || lower === "basic";
}

/** Reads `name=value` pairs until the next scheme name or the end. */
function readParams(cursor: Cursor, params: Map<string, string>): void {
  let last: { name: string; quoted: boolean } | undefined;
  for (;;) {
    skip(cursor, /[\s,]/);
    const start = cursor.pos;
    const name = readToken(cursor);
    if (name === "") {
      if (cursor.pos >= cursor.text.length) return;
      fail(cursor, "expected an auth-param name");
    }
    skip(cursor, /\s/);
    if (cursor.text[cursor.pos] !== "=") {
      // Unquoted `qop=auth,auth-int`: the comma split the list, glue it back.
      if (last?.name === "qop" && !last.quoted && QOP_VALUE.test(name)) {
        params.set("qop", `${params.get("qop") ?? ""},${name}`);
        continue;
      }
      cursor.pos = start;
      return;
    }
    cursor.pos += 1;
    skip(cursor, /\s/);
    const quoted = cursor.text[cursor.pos] === '"';
    const value = quoted ? readQuoted(cursor) : readBare(cursor);
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
    last = { name: key, quoted };
  }
}

/** token68 (RFC 7235 section 2.1) only when it stands alone before a comma or the end. */
function readToken68(cursor: Cursor): string | undefined {
  TOKEN68.lastIndex = cursor.pos;
  const match = TOKEN68.exec(cursor.text);
  if (match === null) return undefined;
  let after = cursor.pos + match[0].length;
  while (after < cursor.text.length && /\s/.test(cursor.text[after] ?? "")) after += 1;
  if (after < cursor.text.length && cursor.text[after] !== ",") return undefined;
  cursor.pos = after;
  return match[0];
}

function readToken(cursor: Cursor): string {
  const start = cursor.pos;
  while (cursor.pos < cursor.text.length && TOKEN_CHAR.test(cursor.text[cursor.pos] ?? "")) {
    cursor.pos += 1;
  }
  return cursor.text.slice(start, cursor.pos);
}

/** Unquoted values run to the next comma or whitespace (CPEs put base64 `=` and `/` in them). */
function readBare(cursor: Cursor): string {
  const start = cursor.pos;
  while (cursor.pos < cursor.text.length && !/[\s,]/.test(cursor.text[cursor.pos] ?? "")) {
    cursor.pos += 1;
  }
  return cursor.text.slice(start, cursor.pos);
}

/** RFC 7230 section 3.2.6 quoted-string with quoted-pair escapes. */
function readQuoted(cursor: Cursor): string {
  const open = cursor.pos;
  cursor.pos += 1;
  let value = "";
  while (cursor.pos < cursor.text.length) {
    const char = cursor.text[cursor.pos] ?? "";
    cursor.pos += 1;
    if (char === '"') return value;
    if (char === "\\" && cursor.pos < cursor.text.length) {
      value += cursor.text[cursor.pos];
      cursor.pos += 1;
    } else {
      value += char;
    }
  }
  throw new ChallengeParseError("unterminated quoted-string", { position: open });
}

function skip(cursor: Cursor, pattern: RegExp): void {
  while (cursor.pos < cursor.text.length && pattern.test(cursor.text[cursor.pos] ?? "")) {
    cursor.pos += 1;
  }
}

function fail(cursor: Cursor, message: string): never {
  throw new ChallengeParseError(`${message} at position ${cursor.pos}`, { position: cursor.pos });
}
