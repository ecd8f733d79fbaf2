import { gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { XmlLimitExceededError } from "../xml/xml-errors.ts";
import { CwmpBodyEncodingError } from "./cwmp-errors.ts";

/**
 * Turns an HTTP request body into text. TR-069 section 3.4.6 allows gzip
 * (and some agents use deflate) Content-Encoding; inflation is capped so a
 * small compressed bomb cannot exhaust memory.
 */
export function bodyText(
  bytes: Uint8Array,
  contentEncoding: string | undefined,
  maxBytes: number,
): string {
  if (bytes.length > maxBytes) throw new XmlLimitExceededError("bodyBytes", maxBytes);
  const raw = decompress(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
    contentEncoding,
    maxBytes,
  );
  return decodeCharset(raw);
}

function decompress(bytes: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const encodings = (contentEncoding ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== "" && part !== "identity");
  // Some agents gzip without saying so: the gzip magic number tells.
  if (encodings.length === 0 && bytes[0] === 0x1f && bytes[1] === 0x8b) encodings.push("gzip");
  let out = bytes;
  for (const encoding of encodings.reverse()) out = inflateOne(out, encoding, maxBytes);
  return out;
}

function inflateOne(bytes: Buffer, encoding: string, maxBytes: number): Buffer {
  const options = { maxOutputLength: maxBytes };
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return gunzipSync(bytes, options);
    if (encoding === "deflate") {
      // RFC 9110 says zlib-wrapped; some clients send raw deflate.
      return bytes[0] !== undefined && (bytes[0] & 0x0f) === 8
        ? inflateSync(bytes, options)
        : inflateRawSync(bytes, options);
    }
  } catch (error) {
    if (error instanceof RangeError) throw new XmlLimitExceededError("bodyBytes", maxBytes);
    throw new CwmpBodyEncodingError(encoding, { cause: error });
  }
  throw new CwmpBodyEncodingError(encoding);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * UTF-8 unless the XML declaration says ISO-8859-1; bytes that are not valid
 * UTF-8 are read as ISO-8859-1 rather than replaced, so no value is lost.
 */
function decodeCharset(bytes: Buffer): string {
  const head = bytes.subarray(0, 100).toString("latin1");
  if (/^\s*<\?xml[^>]*encoding\s*=\s*["'](iso-8859-1|latin-?1)["']/i.test(head)) {
    return bytes.toString("latin1");
  }
  try {
    return stripBom(utf8.decode(bytes));
  } catch {
    return bytes.toString("latin1");
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
