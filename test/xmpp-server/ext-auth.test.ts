import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../../functions/core/provisioning/derived-xmpp-password.ts";
import {
  decodeExtAuthFrames,
  encodeExtAuthFrame,
  encodeExtAuthResult,
  parseExtAuthRequest,
} from "../../functions/xmpp-server/ext-auth-codec.ts";
import { createExtAuthVerifier } from "../../functions/xmpp-server/ext-auth-verifier.ts";

const KEY = "k".repeat(32);
const settings = { domain: "acs.test", accountKey: KEY, acsUser: "acs", acsPassword: "acs-pass" };

describe("ext-auth codec (ejabberd extauth framing)", () => {
  it("decodes back to back frames and keeps an incomplete one for later", () => {
    // Prepare: two whole frames, then the first 3 bytes of a third
    const third = encodeExtAuthFrame("isuser:c:acs.test");
    const bytes = Buffer.concat([
      encodeExtAuthFrame("auth:a:acs.test:p"),
      encodeExtAuthFrame("isuser:b:acs.test"),
      third.subarray(0, 3),
    ]);
    // Act
    const first = decodeExtAuthFrames(bytes);
    const second = decodeExtAuthFrames(Buffer.concat([first.rest, third.subarray(3)]));
    // Assess
    assert.deepEqual(first.messages, ["auth:a:acs.test:p", "isuser:b:acs.test"]);
    assert.equal(first.rest.length, 3);
    assert.deepEqual(second.messages, ["isuser:c:acs.test"]);
    assert.equal(second.rest.length, 0);
  });

  it("keeps colons in the password and decodes UTF-8", () => {
    const [message] = decodeExtAuthFrames(encodeExtAuthFrame("auth:u:acs.test:a:b:é")).messages;
    assert.deepEqual(parseExtAuthRequest(message ?? ""), {
      kind: "auth",
      user: "u",
      server: "acs.test",
      password: "a:b:é",
    });
  });

  it("parses isuser and turns other commands into unknown", () => {
    assert.deepEqual(parseExtAuthRequest("isuser:u:acs.test"), {
      kind: "isuser",
      user: "u",
      server: "acs.test",
    });
    assert.deepEqual(parseExtAuthRequest("setpass:u:acs.test:x"), {
      kind: "unknown",
      command: "setpass",
    });
    assert.deepEqual(parseExtAuthRequest("auth:u:acs.test"), { kind: "unknown", command: "auth" });
  });

  it("answers length 2 then 1 or 0, big-endian", () => {
    assert.deepEqual([...encodeExtAuthResult(true)], [0, 2, 0, 1]);
    assert.deepEqual([...encodeExtAuthResult(false)], [0, 2, 0, 0]);
  });

  it("frames a request with its byte length, not its character count", () => {
    assert.deepEqual([...encodeExtAuthFrame("é").subarray(0, 2)], [0, 2]);
  });
});

describe("ext-auth verifier", () => {
  const verify = createExtAuthVerifier(settings);
  const cpe = xmppUsernameFor("000000-Box-SN1");
  const auth = (user: string, password: string, server = "acs.test") =>
    verify({ kind: "auth", user, server, password });

  it("accepts a CPE whose password is HMAC(key, username), the operator-created scheme", () => {
    assert.equal(auth(cpe, derivedXmppPassword(KEY, cpe)), true);
  });

  it("refuses a CPE with another password, another key's password, or on another domain", () => {
    assert.equal(auth(cpe, "wrong"), false);
    assert.equal(auth(cpe, derivedXmppPassword("x".repeat(32), cpe)), false);
    assert.equal(auth(cpe, derivedXmppPassword(KEY, cpe), "other.test"), false);
  });

  it("refuses names that are not CPE-shaped even with their HMAC", () => {
    assert.equal(auth("admin", derivedXmppPassword(KEY, "admin")), false);
  });

  it("checks the ACS account against its configured password only", () => {
    assert.equal(auth("acs", "acs-pass"), true);
    assert.equal(auth("acs", derivedXmppPassword(KEY, "acs")), false);
  });

  it("knows CPE-shaped names and the ACS, and refuses registration and password changes", () => {
    assert.equal(verify({ kind: "isuser", user: cpe, server: "acs.test" }), true);
    assert.equal(verify({ kind: "isuser", user: "acs", server: "acs.test" }), true);
    assert.equal(verify({ kind: "isuser", user: "bob", server: "acs.test" }), false);
    assert.equal(verify({ kind: "unknown", command: "setpass" }), false);
    assert.equal(verify({ kind: "unknown", command: "tryregister" }), false);
  });
});
