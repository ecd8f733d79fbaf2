import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";
import { profileHash } from "../../../functions/core/provisioning/profile-hash.ts";

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
