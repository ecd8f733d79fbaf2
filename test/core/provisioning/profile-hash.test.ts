import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";
import {
  contentHash,
  profileHash,
  type SecretDigest,
} from "../../../functions/core/provisioning/profile-hash.ts";
import { freshProfileState } from "../../../functions/core/provisioning/profile-state.ts";
import { alreadySent, recordSent } from "../../../functions/core/provisioning/sent-in-session.ts";

const profile: Profile = {
  name: "p",
  precondition: { oui: "00D09E", tags: ["lab"] },
  parameterValues: [{ name: "Device.X.A", value: "1", type: "string" }],
  objects: [
    {
      table: "Device.T.",
      match: { Name: "n", Kind: "k" },
      parameterValues: [{ name: "Name", value: "n", type: "string" }],
    },
  ],
  notifications: [{ name: "Device.X.A", notification: 2 }],
};

/** The same content, every object's keys in another order. */
const reordered: Profile = {
  notifications: [{ notification: 2, name: "Device.X.A" }],
  objects: [
    {
      parameterValues: [{ type: "string", value: "n", name: "Name" }],
      match: { Kind: "k", Name: "n" },
      table: "Device.T.",
    },
  ],
  parameterValues: [{ type: "string", name: "Device.X.A", value: "1" }],
  precondition: { tags: ["lab"], oui: "00D09E" },
  name: "p",
};

describe("profileHash", () => {
  it("is a short base64url digest", () => {
    assert.match(profileHash(profile), /^[A-Za-z0-9_-]{22}$/);
  });

  it("does not depend on key order", () => {
    assert.equal(profileHash(reordered), profileHash(profile));
  });

  it("ignores keys whose value is undefined", () => {
    assert.equal(profileHash({ ...profile, requires: undefined }), profileHash(profile));
  });

  it("changes when a value changes", () => {
    const edited: Profile = {
      ...profile,
      parameterValues: [{ name: "Device.X.A", value: "2", type: "string" }],
    };
    assert.notEqual(profileHash(edited), profileHash(profile));
  });

  it("changes when a nested match, a notification level or the precondition changes", () => {
    const base = profileHash(profile);
    const objects = profile.objects.map((o) => ({ ...o, match: { ...o.match, Kind: "x" } }));
    assert.notEqual(profileHash({ ...profile, objects }), base);
    assert.notEqual(
      profileHash({ ...profile, notifications: [{ name: "Device.X.A", notification: 1 }] }),
      base,
    );
    assert.notEqual(profileHash({ ...profile, precondition: { oui: "00D09E" } }), base);
  });

  it("changes when a key is added, even with an empty value", () => {
    assert.notEqual(profileHash({ ...profile, requires: [] }), profileHash(profile));
  });

  it("keeps array order significant", () => {
    const two: Profile = {
      ...profile,
      parameterValues: [
        { name: "Device.X.A", value: "1", type: "string" },
        { name: "Device.X.B", value: "1", type: "string" },
      ],
    };
    const swapped: Profile = { ...two, parameterValues: [...two.parameterValues].reverse() };
    assert.notEqual(profileHash(swapped), profileHash(two));
  });

  it("tells a string from a number of the same text", () => {
    const asText = { ...profile, notifications: [{ name: "Device.X.A", notification: "2" }] };
    assert.notEqual(profileHash(asText as unknown as Profile), profileHash(profile));
  });
});

/** A keyed digest as SecretSealer.fingerprint gives one (HMAC under a key the core never sees). */
const keyed =
  (key: string): SecretDigest =>
  (value, name) =>
    createHmac("sha256", key).update(`${name}\0${value}`).digest("base64url");

const psk = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
const withSecret = (value: string): Profile => ({
  ...profile,
  parameterValues: [
    { name: "Device.X.A", value: "1", type: "string" },
    { name: psk, value, type: "string", secret: true },
  ],
});

describe("profileHash of a profile with secrets", () => {
  it("holds no plain digest of a secret value: it enters as its keyed digest", () => {
    // Prepare: what an attacker holding the device item would compute for a guessed passphrase
    const plain = contentHash(withSecret("password1"));

    // Act
    const hash = profileHash(withSecret("password1"), keyed("k1"));

    // Assess
    assert.notEqual(hash, plain);
    assert.equal(profileHash(withSecret("password1"), keyed("k1")), hash, "stable under one key");
    assert.notEqual(profileHash(withSecret("password2"), keyed("k1")), hash, "an edit is seen");
    assert.notEqual(profileHash(withSecret("password1"), keyed("k2")), hash, "once per new key");
  });

  it("leaves secrets out without a key, and is unchanged for a profile without secrets", () => {
    // Act / Assess
    assert.equal(profileHash(withSecret("password1")), profileHash(withSecret("password2")));
    assert.notEqual(profileHash(withSecret("password1")), contentHash(withSecret("password1")));
    assert.equal(profileHash(profile, keyed("k1")), contentHash(profile));
  });
});

describe("RPCs sent in a session", () => {
  const setPsk = (value: string): AcsMessage => ({
    method: "SetParameterValues",
    parameterList: [{ name: psk, value, type: "xsd:string" }],
    parameterKey: "",
  });

  it("are noted by keyed digests of the values set, never a plain digest", () => {
    // Prepare
    const state = freshProfileState(1, "h", 0);

    // Act
    const noted = recordSent(state, setPsk("password1"), "session-1", keyed("k1"));

    // Assess
    assert.ok(alreadySent(noted, setPsk("password1"), "session-1", keyed("k1")));
    assert.ok(!alreadySent(noted, setPsk("password2"), "session-1", keyed("k1")));
    assert.ok(!alreadySent(noted, setPsk("password1"), "session-2", keyed("k1")));
    const plain = contentHash(setPsk("password1")).slice(0, 12);
    assert.ok(!JSON.stringify(noted).includes(plain));
    assert.ok(!JSON.stringify(noted).includes("password1"));
  });
});
