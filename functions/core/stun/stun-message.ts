/**
 * STUN message model (RFC 5389 §6; RFC 3489 §11.1 for the classic header without the magic
 * cookie) with the attributes a TR-069 ACS needs (TR-069 Annex G, TR-111 Part 2).
 */

/** RFC 5389 §6: present in every RFC 5389 message; absent (random id bytes) in RFC 3489 ones. */
export const MAGIC_COOKIE = 0x2112a442;
export const HEADER_LENGTH = 20;

export const StunMessageType = {
  bindingRequest: 0x0001,
  bindingSuccess: 0x0101,
  bindingError: 0x0111,
} as const;

export const StunAttributeType = {
  mappedAddress: 0x0001,
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  xorMappedAddress: 0x0020,
  fingerprint: 0x8028,
  /**
   * TR-111 Part 2: a CPE marks the binding it uses for UDP connection requests with this
   * attribute; its value is the string "dslforum.org/TR-111 " (with the trailing space).
   */
  connectionRequestBinding: 0xc001,
  /** TR-111 Part 2: sent once after the CPE saw its public address:port change. */
  bindingChange: 0xc002,
} as const;

/** TR-111 Part 2: the value of CONNECTION-REQUEST-BINDING. */
export const CONNECTION_REQUEST_BINDING_VALUE = "dslforum.org/TR-111 ";

export interface StunAttribute {
  readonly type: number;
  readonly value: Uint8Array;
}

export interface StunMessage {
  readonly type: number;
  /**
   * 12 bytes after the cookie for RFC 5389; for RFC 3489 the whole 16-byte id (the 4 bytes
   * where the cookie would be are part of it).
   */
  readonly transactionId: Uint8Array;
  /** True when the header carries the RFC 5389 magic cookie. */
  readonly rfc5389: boolean;
  readonly attributes: readonly StunAttribute[];
}

/** An IPv4 or IPv6 transport address as carried by (XOR-)MAPPED-ADDRESS. */
export interface StunAddress {
  readonly family: "IPv4" | "IPv6";
  readonly address: string;
  readonly port: number;
}

export function findAttribute(message: StunMessage, type: number): StunAttribute | undefined {
  return message.attributes.find((attribute) => attribute.type === type);
}
