import { encodeAddress } from "./stun-address.js";
import { encodeStunMessage } from "./stun-codec.js";
import {
  CONNECTION_REQUEST_BINDING_VALUE,
  findAttribute,
  type StunAddress,
  type StunAttribute,
  StunAttributeType,
  type StunMessage,
  StunMessageType,
} from "./stun-message.js";

const text = new TextDecoder();
const utf8 = new TextEncoder();

/** What the ACS reads from a CPE's Binding Request (TR-111 Part 2). */
export interface BindingRequestSummary {
  /** USERNAME (RFC 5389 §15.3): the CPE's ManagementServer.STUNUsername. */
  readonly username?: string;
  /** CONNECTION-REQUEST-BINDING present: this binding is the one to send UDP CRs to. */
  readonly connectionRequestBinding: boolean;
  /** BINDING-CHANGE present: the CPE saw its public address:port change. */
  readonly bindingChange: boolean;
  readonly hasFingerprint: boolean;
}

export function summariseBindingRequest(message: StunMessage): BindingRequestSummary {
  const username = findAttribute(message, StunAttributeType.username);
  const binding = findAttribute(message, StunAttributeType.connectionRequestBinding);
  return {
    // RFC 3489 USERNAME values are padded to a multiple of 4; CPEs pad with NULs or spaces.
    ...(username === undefined
      ? {}
      : { username: text.decode(username.value).replace(/[\0 ]+$/, "") }),
    connectionRequestBinding:
      binding !== undefined &&
      text.decode(binding.value).startsWith(CONNECTION_REQUEST_BINDING_VALUE.trim()),
    bindingChange: findAttribute(message, StunAttributeType.bindingChange) !== undefined,
    hasFingerprint: findAttribute(message, StunAttributeType.fingerprint) !== undefined,
  };
}

export function isBindingRequest(message: StunMessage): boolean {
  return message.type === StunMessageType.bindingRequest;
}

export interface ResponseOptions {
  /** The STUN password when the request was authenticated: the answer carries MESSAGE-INTEGRITY. */
  readonly integrityKey?: Uint8Array;
  readonly fingerprint?: boolean;
}

/**
 * Binding success response: XOR-MAPPED-ADDRESS for RFC 5389 clients (§15.2), MAPPED-ADDRESS for
 * RFC 3489 ones, which do not know the XOR form (RFC 5389 §12.2).
 */
export function bindingSuccessResponse(
  request: StunMessage,
  source: StunAddress,
  options: ResponseOptions = {},
): Uint8Array {
  const mapped: StunAttribute = request.rfc5389
    ? {
        type: StunAttributeType.xorMappedAddress,
        value: encodeAddress(source, request.transactionId),
      }
    : { type: StunAttributeType.mappedAddress, value: encodeAddress(source) };
  return encodeStunMessage(
    {
      type: StunMessageType.bindingSuccess,
      transactionId: request.transactionId,
      rfc5389: request.rfc5389,
      attributes: [mapped],
    },
    options,
  );
}

/** ERROR-CODE value (RFC 5389 §15.6): class in the hundreds digit, number below 100, reason. */
export function encodeErrorCode(code: number, reason: string): Uint8Array {
  const phrase = utf8.encode(reason);
  const value = new Uint8Array(4 + phrase.length);
  value[2] = Math.floor(code / 100);
  value[3] = code % 100;
  value.set(phrase, 4);
  return value;
}

/**
 * Binding error response, e.g. 401 Unauthorized for a missing or wrong MESSAGE-INTEGRITY
 * (RFC 5389 §10.1.2), 400 Bad Request for a malformed request. No integrity: we do not hold a key
 * the client proved it has.
 */
export function bindingErrorResponse(
  request: StunMessage,
  code: number,
  reason: string,
): Uint8Array {
  return encodeStunMessage({
    type: StunMessageType.bindingError,
    transactionId: request.transactionId,
    rfc5389: request.rfc5389,
    attributes: [{ type: StunAttributeType.errorCode, value: encodeErrorCode(code, reason) }],
  });
}

/** A client's Binding Request (the simulator's STUN client; TR-111 Part 2). */
export function bindingRequest(options: {
  readonly transactionId: Uint8Array;
  readonly username?: string;
  readonly password?: string;
  readonly bindingChange?: boolean;
}): Uint8Array {
  const attributes: StunAttribute[] = [
    {
      type: StunAttributeType.connectionRequestBinding,
      value: utf8.encode(CONNECTION_REQUEST_BINDING_VALUE),
    },
  ];
  if (options.bindingChange === true)
    attributes.push({ type: StunAttributeType.bindingChange, value: new Uint8Array(0) });
  if (options.username !== undefined)
    attributes.push({ type: StunAttributeType.username, value: utf8.encode(options.username) });
  return encodeStunMessage(
    {
      type: StunMessageType.bindingRequest,
      transactionId: options.transactionId,
      rfc5389: true,
      attributes,
    },
    options.password === undefined ? {} : { integrityKey: utf8.encode(options.password) },
  );
}
