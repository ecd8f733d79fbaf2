import { createHmac, timingSafeEqual } from "node:crypto";
import { MalformedUdpConnectionRequestError } from "./errors.js";

/** The signed fields of a UDP connection request (TR-069 Annex G). */
export interface UdpConnectionRequestFields {
  /** Unix seconds at which the ACS sent it; the CPE ignores stale ones. */
  readonly ts: number;
  /** Unique per request; repeats of one request share it, so the CPE acts once. */
  readonly id: string;
  /** ManagementServer.ConnectionRequestUsername. */
  readonly un: string;
  /** A random cnonce. */
  readonly cn: string;
}

/** TR-069 Annex G: sig = hex HMAC-SHA1 keyed with the CR password over ts+id+un+cn. */
export function udpConnectionRequestSignature(
  password: string,
  fields: UdpConnectionRequestFields,
): string {
  return createHmac("sha1", password)
    .update(`${fields.ts}${fields.id}${fields.un}${fields.cn}`, "utf8")
    .digest("hex");
}

/**
 * The datagram: an HTTP GET request line carrying the fields as query parameters, plus a Host
 * header (TR-069 Annex G), sent to UDPConnectionRequestAddress (host:port).
 */
export function buildUdpConnectionRequest(options: {
  readonly address: string;
  readonly password: string;
  readonly fields: UdpConnectionRequestFields;
}): string {
  const { address, fields } = options;
  const query = new URLSearchParams({
    ts: String(fields.ts),
    id: fields.id,
    un: fields.un,
    cn: fields.cn,
    sig: udpConnectionRequestSignature(options.password, fields),
  });
  return `GET http://${address}?${query.toString()} HTTP/1.1\r\nHost: ${address}\r\n\r\n`;
}

export interface ParsedUdpConnectionRequest extends UdpConnectionRequestFields {
  readonly sig: string;
}

export function parseUdpConnectionRequest(datagram: string): ParsedUdpConnectionRequest {
  const match = /^GET (\S+) HTTP\/1\.1\r?\n/.exec(datagram);
  if (match?.[1] === undefined) throw new MalformedUdpConnectionRequestError("no GET request line");
  const queryStart = match[1].indexOf("?");
  if (queryStart < 0) throw new MalformedUdpConnectionRequestError("no query");
  const query = new URLSearchParams(match[1].slice(queryStart + 1));
  const field = (name: string): string => {
    const value = query.get(name);
    if (value === null) throw new MalformedUdpConnectionRequestError(`missing ${name}`);
    return value;
  };
  const ts = Number(field("ts"));
  if (!Number.isInteger(ts)) throw new MalformedUdpConnectionRequestError("ts is not an integer");
  return { ts, id: field("id"), un: field("un"), cn: field("cn"), sig: field("sig") };
}

export type UdpConnectionRequestVerdict =
  | { readonly kind: "accepted"; readonly id: string }
  | {
      readonly kind: "rejected";
      readonly reason: "malformed" | "bad-signature" | "wrong-username" | "stale" | "replayed";
    };

/**
 * What a CPE decides about a datagram (TR-069 Annex G): it ignores a bad signature, a
 * timestamp outside its window, and an id it has already acted on. `seenIds` is the caller's.
 */
export function verifyUdpConnectionRequest(options: {
  readonly datagram: string;
  readonly username: string;
  readonly password: string;
  readonly nowSeconds: number;
  readonly maxSkewSeconds: number;
  readonly seenIds: ReadonlySet<string>;
}): UdpConnectionRequestVerdict {
  let parsed: ParsedUdpConnectionRequest;
  try {
    parsed = parseUdpConnectionRequest(options.datagram);
  } catch (error) {
    if (error instanceof MalformedUdpConnectionRequestError)
      return { kind: "rejected", reason: "malformed" };
    throw error;
  }
  if (parsed.un !== options.username) return { kind: "rejected", reason: "wrong-username" };
  const expected = Buffer.from(udpConnectionRequestSignature(options.password, parsed), "utf8");
  const received = Buffer.from(parsed.sig.toLowerCase(), "utf8");
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { kind: "rejected", reason: "bad-signature" };
  }
  if (Math.abs(options.nowSeconds - parsed.ts) > options.maxSkewSeconds)
    return { kind: "rejected", reason: "stale" };
  if (options.seenIds.has(parsed.id)) return { kind: "rejected", reason: "replayed" };
  return { kind: "accepted", id: parsed.id };
}
