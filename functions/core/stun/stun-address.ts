import { MalformedStunMessageError } from "./errors.js";
import { MAGIC_COOKIE, type StunAddress } from "./stun-message.js";

const FAMILY_IPV4 = 0x01;
const FAMILY_IPV6 = 0x02;

function ipv4Bytes(address: string): Uint8Array {
  const parts = address.split(".").map(Number);
  if (
    parts.length !== 4 ||
    parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)
  ) {
    throw new MalformedStunMessageError(`not an IPv4 address: ${address}`);
  }
  return Uint8Array.from(parts);
}

function ipv6Bytes(address: string): Uint8Array {
  const [head = "", tail] = address.split("::");
  const groups = (text: string) => (text === "" ? [] : text.split(":"));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<string>(fill).fill("0"), ...right];
  if (all.length !== 8 || all.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) {
    throw new MalformedStunMessageError(`not an IPv6 address: ${address}`);
  }
  const bytes = new Uint8Array(16);
  all.forEach((group, index) => {
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

function formatAddress(family: number, bytes: Uint8Array): string {
  if (family === FAMILY_IPV4) return Array.from(bytes).join(".");
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) {
    groups.push((((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0)).toString(16));
  }
  return groups.join(":");
}

/** The 4-byte cookie followed by the 12-byte transaction id: the XOR mask of RFC 5389 §15.2. */
function xorMask(transactionId: Uint8Array): Uint8Array {
  const mask = new Uint8Array(16);
  new DataView(mask.buffer).setUint32(0, MAGIC_COOKIE);
  mask.set(transactionId.subarray(0, 12), 4);
  return mask;
}

/**
 * MAPPED-ADDRESS (RFC 5389 §15.1, RFC 3489 §11.2.1) or, with `transactionId`,
 * XOR-MAPPED-ADDRESS (RFC 5389 §15.2).
 */
export function encodeAddress(address: StunAddress, transactionId?: Uint8Array): Uint8Array {
  const ip = address.family === "IPv4" ? ipv4Bytes(address.address) : ipv6Bytes(address.address);
  const value = new Uint8Array(4 + ip.length);
  const view = new DataView(value.buffer);
  view.setUint8(1, address.family === "IPv4" ? FAMILY_IPV4 : FAMILY_IPV6);
  const mask = transactionId === undefined ? undefined : xorMask(transactionId);
  view.setUint16(2, mask === undefined ? address.port : address.port ^ (MAGIC_COOKIE >>> 16));
  ip.forEach((byte, index) => {
    value[4 + index] = mask === undefined ? byte : byte ^ (mask[index] ?? 0);
  });
  return value;
}

export function decodeAddress(value: Uint8Array, transactionId?: Uint8Array): StunAddress {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (value.length < 8) throw new MalformedStunMessageError("address attribute too short");
  const family = view.getUint8(1);
  const length = family === FAMILY_IPV4 ? 4 : family === FAMILY_IPV6 ? 16 : -1;
  if (length < 0 || value.length < 4 + length) {
    throw new MalformedStunMessageError(`bad address family ${family}`);
  }
  const mask = transactionId === undefined ? undefined : xorMask(transactionId);
  const rawPort = view.getUint16(2);
  const port = mask === undefined ? rawPort : rawPort ^ (MAGIC_COOKIE >>> 16);
  const ip = value
    .slice(4, 4 + length)
    .map((byte, index) => (mask === undefined ? byte : byte ^ (mask[index] ?? 0)));
  return {
    family: family === FAMILY_IPV4 ? "IPv4" : "IPv6",
    address: formatAddress(family, ip),
    port,
  };
}
