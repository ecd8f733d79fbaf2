import { createHmac } from "node:crypto";
import { crc32 } from "./crc32.js";
import { MalformedStunMessageError } from "./errors.js";
import {
  HEADER_LENGTH,
  MAGIC_COOKIE,
  type StunAttribute,
  StunAttributeType,
  type StunMessage,
} from "./stun-message.js";

/** RFC 5389 §15.5: the CRC is XORed with this so STUN is told apart from other CRC-ed protocols. */
const FINGERPRINT_XOR = 0x5354554e;
const INTEGRITY_LENGTH = 20;

const padded = (length: number) => (length + 3) & ~3;

/** Reads a STUN message (RFC 5389 §6, §15; RFC 3489 §11 when the magic cookie is absent). */
export function decodeStunMessage(received: Uint8Array): StunMessage {
  // A plain view, so that slices are Uint8Arrays even when a Buffer came in.
  const datagram = new Uint8Array(received.buffer, received.byteOffset, received.byteLength);
  if (datagram.length < HEADER_LENGTH) throw new MalformedStunMessageError("shorter than a header");
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const type = view.getUint16(0);
  const length = view.getUint16(2);
  // RFC 5389 §6: the two most significant bits are zero; this tells STUN from other traffic.
  if (type & 0xc000) throw new MalformedStunMessageError("top bits of the type are set");
  if (length % 4 !== 0 || HEADER_LENGTH + length > datagram.length) {
    throw new MalformedStunMessageError(`bad length ${length}`);
  }
  const rfc5389 = view.getUint32(4) === MAGIC_COOKIE;
  const transactionId = datagram.slice(rfc5389 ? 8 : 4, HEADER_LENGTH);
  const attributes: StunAttribute[] = [];
  let offset = HEADER_LENGTH;
  while (offset < HEADER_LENGTH + length) {
    if (offset + 4 > HEADER_LENGTH + length)
      throw new MalformedStunMessageError("truncated attribute");
    const attributeType = view.getUint16(offset);
    const attributeLength = view.getUint16(offset + 2);
    const end = offset + 4 + attributeLength;
    if (end > HEADER_LENGTH + length)
      throw new MalformedStunMessageError("attribute overruns message");
    attributes.push({ type: attributeType, value: datagram.slice(offset + 4, end) });
    offset += 4 + padded(attributeLength);
  }
  return { type, transactionId, rfc5389, attributes };
}

export interface EncodeOptions {
  /** Short-term credential key (RFC 5389 §15.4): the STUN password's UTF-8 bytes. */
  readonly integrityKey?: Uint8Array;
  readonly fingerprint?: boolean;
}

function header(message: StunMessage, bodyLength: number): Uint8Array {
  const bytes = new Uint8Array(HEADER_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, message.type);
  view.setUint16(2, bodyLength);
  if (message.rfc5389) {
    view.setUint32(4, MAGIC_COOKIE);
    bytes.set(message.transactionId.subarray(0, 12), 8);
  } else {
    bytes.set(message.transactionId.subarray(0, 16), 4);
  }
  return bytes;
}

function encodeAttribute(attribute: StunAttribute): Uint8Array {
  const bytes = new Uint8Array(4 + padded(attribute.value.length));
  const view = new DataView(bytes.buffer);
  view.setUint16(0, attribute.type);
  view.setUint16(2, attribute.value.length);
  bytes.set(attribute.value, 4);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function hmacSha1(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac("sha1", key).update(data).digest());
}

/**
 * Writes a STUN message. MESSAGE-INTEGRITY and FINGERPRINT, when asked for, are appended last
 * in that order (RFC 5389 §15.4, §15.5), each computed with the header length covering the
 * message up to and including itself.
 */
export function encodeStunMessage(message: StunMessage, options: EncodeOptions = {}): Uint8Array {
  let body = concat(message.attributes.map(encodeAttribute));
  if (options.integrityKey !== undefined) {
    const covered = concat([header(message, body.length + 4 + INTEGRITY_LENGTH), body]);
    const mac = hmacSha1(options.integrityKey, covered);
    body = concat([
      body,
      encodeAttribute({ type: StunAttributeType.messageIntegrity, value: mac }),
    ]);
  }
  if (options.fingerprint === true) {
    const covered = concat([header(message, body.length + 8), body]);
    const value = new Uint8Array(4);
    new DataView(value.buffer).setUint32(0, (crc32(covered) ^ FINGERPRINT_XOR) >>> 0);
    body = concat([body, encodeAttribute({ type: StunAttributeType.fingerprint, value })]);
  }
  return concat([header(message, body.length), body]);
}

/** Offset of the first attribute of `type` in a raw message, or undefined. */
function attributeOffset(datagram: Uint8Array, type: number): number | undefined {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const end = HEADER_LENGTH + view.getUint16(2);
  let offset = HEADER_LENGTH;
  while (offset + 4 <= end) {
    if (view.getUint16(offset) === type) return offset;
    offset += 4 + padded(view.getUint16(offset + 2));
  }
  return undefined;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  a.forEach((byte, index) => {
    difference |= byte ^ (b[index] ?? 0);
  });
  return difference === 0;
}

export type IntegrityCheck = "absent" | "valid" | "invalid";

/**
 * Checks MESSAGE-INTEGRITY of a raw, already decoded message. RFC 5389 §15.4: HMAC-SHA1 over
 * the message up to the attribute, with the header length rewritten to end just after it
 * (so a FINGERPRINT after it does not count). RFC 3489 §11.2.8 clients (no magic cookie) HMAC
 * the same text padded with zeros to a multiple of 64 bytes; both are accepted for them.
 */
export function checkMessageIntegrity(datagram: Uint8Array, key: Uint8Array): IntegrityCheck {
  const offset = attributeOffset(datagram, StunAttributeType.messageIntegrity);
  if (offset === undefined) return "absent";
  const received = datagram.subarray(offset + 4, offset + 4 + INTEGRITY_LENGTH);
  if (received.length !== INTEGRITY_LENGTH) return "invalid";
  const covered = datagram.slice(0, offset);
  new DataView(covered.buffer).setUint16(2, offset - HEADER_LENGTH + 4 + INTEGRITY_LENGTH);
  if (equalBytes(hmacSha1(key, covered), received)) return "valid";
  const rfc3489 = new DataView(datagram.buffer, datagram.byteOffset).getUint32(4) !== MAGIC_COOKIE;
  if (!rfc3489) return "invalid";
  const asSent = datagram.slice(0, offset);
  const zeroPadded = new Uint8Array(Math.ceil(asSent.length / 64) * 64);
  zeroPadded.set(asSent);
  return equalBytes(hmacSha1(key, zeroPadded), received) ||
    equalBytes(hmacSha1(key, asSent), received)
    ? "valid"
    : "invalid";
}

/** Checks FINGERPRINT when present (RFC 5389 §15.5). */
export function checkFingerprint(datagram: Uint8Array): "absent" | "valid" | "invalid" {
  const offset = attributeOffset(datagram, StunAttributeType.fingerprint);
  if (offset === undefined) return "absent";
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (offset + 8 > datagram.length) return "invalid";
  const expected = (crc32(datagram.subarray(0, offset)) ^ FINGERPRINT_XOR) >>> 0;
  return view.getUint32(offset + 4) === expected ? "valid" : "invalid";
}
