import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bindingErrorResponse,
  bindingRequest,
  bindingSuccessResponse,
  summariseBindingRequest,
} from "../../../functions/core/stun/binding-messages.ts";
import { decodeAddress } from "../../../functions/core/stun/stun-address.ts";
import {
  checkFingerprint,
  checkMessageIntegrity,
  decodeStunMessage,
} from "../../../functions/core/stun/stun-codec.ts";
import {
  findAttribute,
  StunAttributeType,
  StunMessageType,
} from "../../../functions/core/stun/stun-message.ts";

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "hex"));
const utf8 = (text: string) => new TextEncoder().encode(text);

// RFC 5769 §2.1 Sample Request (short-term credentials).
const sampleRequest = hex(`
  00010058 2112a442 b7e7a701 bc34d686 fa87dfae
  80220010 5354554e 20746573 7420636c 69656e74
  00240004 6e0001ff
  80290008 932ff9b1 51263b36
  00060009 6576746a 3a683676 59202020
  00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
  80280004 e57a3bcf`);
// RFC 5769 §2.2 Sample IPv4 Response: XOR-MAPPED-ADDRESS 192.0.2.1:32853.
const sampleIpv4Response = hex(`
  0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
  8022000b 74657374 20766563 746f7220
  00200008 0001a147 e112a643
  00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  80280004 c07d4c96`);
const samplePassword = utf8("VOkJxbRl1RmTxUk/WvJxBt");

describe("decodeStunMessage", () => {
  it("reads the RFC 5769 sample request with its username", () => {
    // Act
    const message = decodeStunMessage(sampleRequest);
    // Assess
    assert.equal(message.type, StunMessageType.bindingRequest);
    assert.equal(message.rfc5389, true);
    assert.equal(summariseBindingRequest(message).username, "evtj:h6vY");
  });

  it("refuses a datagram with the top type bits set (not STUN)", () => {
    const datagram = sampleRequest.slice();
    datagram[0] = 0x47;
    assert.throws(() => decodeStunMessage(datagram), { name: "MalformedStunMessageError" });
  });
});

describe("checkMessageIntegrity", () => {
  it("accepts the RFC 5769 sample request and response with their password", () => {
    assert.equal(checkMessageIntegrity(sampleRequest, samplePassword), "valid");
    assert.equal(checkMessageIntegrity(sampleIpv4Response, samplePassword), "valid");
  });

  it("rejects them under another password", () => {
    assert.equal(checkMessageIntegrity(sampleRequest, utf8("wrong")), "invalid");
  });

  it("says absent when there is no MESSAGE-INTEGRITY", () => {
    const request = bindingRequest({ transactionId: new Uint8Array(12) });
    assert.equal(checkMessageIntegrity(request, samplePassword), "absent");
  });
});

describe("checkFingerprint", () => {
  it("accepts the RFC 5769 samples and rejects a flipped byte", () => {
    assert.equal(checkFingerprint(sampleRequest), "valid");
    assert.equal(checkFingerprint(sampleIpv4Response), "valid");
    const flipped = sampleRequest.slice();
    flipped[30] = (flipped[30] ?? 0) ^ 1;
    assert.equal(checkFingerprint(flipped), "invalid");
  });
});

describe("bindingSuccessResponse", () => {
  it("answers an RFC 5389 request with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT", () => {
    // Prepare
    const request = decodeStunMessage(sampleRequest);
    // Act
    const response = bindingSuccessResponse(
      request,
      { family: "IPv4", address: "192.0.2.1", port: 32853 },
      { integrityKey: samplePassword, fingerprint: true },
    );
    // Assess: the XOR-MAPPED-ADDRESS bytes equal the RFC 5769 sample's.
    const decoded = decodeStunMessage(response);
    const xorMapped = findAttribute(decoded, StunAttributeType.xorMappedAddress);
    assert.deepEqual(xorMapped?.value, hex("0001a147 e112a643"));
    assert.equal(checkMessageIntegrity(response, samplePassword), "valid");
    assert.equal(checkFingerprint(response), "valid");
  });

  it("answers an RFC 3489 request (no magic cookie) with MAPPED-ADDRESS", () => {
    // Prepare: a classic header has a 16-byte transaction id where the cookie would be.
    const classic = hex("00010000 0102030405060708090a0b0c0d0e0f10");
    const request = decodeStunMessage(classic);
    // Act
    const decoded = decodeStunMessage(
      bindingSuccessResponse(request, { family: "IPv4", address: "203.0.113.9", port: 40000 }),
    );
    // Assess
    assert.equal(decoded.rfc5389, false);
    assert.deepEqual(decoded.transactionId, request.transactionId);
    assert.equal(findAttribute(decoded, StunAttributeType.xorMappedAddress), undefined);
    const mapped = findAttribute(decoded, StunAttributeType.mappedAddress);
    assert.deepEqual(decodeAddress(mapped?.value ?? new Uint8Array()), {
      family: "IPv4",
      address: "203.0.113.9",
      port: 40000,
    });
  });

  it("round-trips an IPv6 XOR-MAPPED-ADDRESS", () => {
    const request = decodeStunMessage(sampleRequest);
    const decoded = decodeStunMessage(
      bindingSuccessResponse(request, {
        family: "IPv6",
        address: "2001:db8:1234:5678:11:2233:4455:6677",
        port: 32853,
      }),
    );
    const value =
      findAttribute(decoded, StunAttributeType.xorMappedAddress)?.value ?? new Uint8Array();
    assert.deepEqual(decodeAddress(value, request.transactionId), {
      family: "IPv6",
      address: "2001:db8:1234:5678:11:2233:4455:6677",
      port: 32853,
    });
  });
});

describe("bindingErrorResponse", () => {
  it("carries 401 in ERROR-CODE", () => {
    const request = decodeStunMessage(sampleRequest);
    const decoded = decodeStunMessage(bindingErrorResponse(request, 401, "Unauthorized"));
    assert.equal(decoded.type, StunMessageType.bindingError);
    const value = findAttribute(decoded, StunAttributeType.errorCode)?.value;
    assert.deepEqual(value?.subarray(2, 4), Uint8Array.from([4, 1]));
  });
});

describe("bindingRequest and summariseBindingRequest", () => {
  it("carries the TR-111 attributes, USERNAME and a MESSAGE-INTEGRITY the server can check", () => {
    // Act
    const datagram = bindingRequest({
      transactionId: new Uint8Array(12).fill(7),
      username: "stun-user",
      password: "stun-pass",
      bindingChange: true,
    });
    // Assess
    const summary = summariseBindingRequest(decodeStunMessage(datagram));
    assert.deepEqual(summary, {
      username: "stun-user",
      connectionRequestBinding: true,
      bindingChange: true,
      hasFingerprint: false,
    });
    assert.equal(checkMessageIntegrity(datagram, utf8("stun-pass")), "valid");
    assert.equal(checkMessageIntegrity(datagram, utf8("other")), "invalid");
  });
});
