/**
 * XML text and attribute escaping for what we emit. Strict CPE agents parse
 * with small hand-written parsers, so we escape every markup character and
 * refuse characters XML 1.0 cannot carry (section 2.2) instead of emitting
 * a document they would choke on.
 */

/** A value holds a character that XML 1.0 cannot represent (e.g. U+0000). */
export class InvalidXmlCharacterError extends Error {
  override readonly name = "InvalidXmlCharacterError";
  constructor(readonly codePoint: number) {
    super(
      `character U+${codePoint.toString(16).padStart(4, "0").toUpperCase()} cannot be sent in XML`,
    );
  }
}

// Characters that need work: markup, and XML 1.0 forbidden controls (tab, LF, CR allowed).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const needsWork = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// A lone surrogate cannot be encoded as UTF-8 either.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const entity: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes text for element content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  if (!needsWork.test(text)) {
    if (loneSurrogate.test(text)) throw new InvalidXmlCharacterError(surrogateIn(text));
    return text;
  }
  let out = "";
  for (const ch of text) {
    const mapped = entity[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (isForbidden(code)) throw new InvalidXmlCharacterError(code);
    out += ch;
  }
  return out;
}

function isForbidden(code: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return false;
  if (code < 0x20) return true;
  if (code >= 0xd800 && code <= 0xdfff) return true; // lone surrogate from for..of
  return code === 0xfffe || code === 0xffff;
}

function surrogateIn(text: string): number {
  const match = loneSurrogate.exec(text);
  return match ? (match[0].codePointAt(0) ?? 0) : 0;
}
