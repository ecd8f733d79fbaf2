import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { builtInSecretPolicy } from "../../../functions/core/model/secret-parameters.ts";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";
import { contentHash, profileHash } from "../../../functions/core/provisioning/profile-hash.ts";
import { createProfileCatalog } from "../../../functions/services/provisioning/profile-catalog.ts";
import { sealProfileSecrets } from "../../../functions/tasks/profile-secrets.ts";

function profile(name: string, value = "1"): Profile {
  return {
    name,
    precondition: {},
    parameterValues: [{ name: "Device.X.Y", value, type: "string" }],
    objects: [],
    notifications: [],
  };
}

/** An in-memory profile store counting its reads; `fail` makes the next listProfiles reject. */
function countingStore(initial: Profile[]) {
  const profiles = new Map(initial.map((p) => [p.name, p]));
  const store = {
    lists: 0,
    gets: 0,
    fail: false,
    profiles,
    async listProfiles() {
      store.lists += 1;
      if (store.fail) throw new Error("store unavailable");
      return [...profiles.keys()].sort();
    },
    async getProfile(name: string) {
      store.gets += 1;
      return profiles.get(name);
    },
  };
  return store;
}

function setup(initial: Profile[] = [profile("a"), profile("b")], ttlMs = 30_000) {
  const store = countingStore(initial);
  const clock = { time: 1_000_000, now: () => clock.time };
  const catalog = createProfileCatalog({ store, clock, ttlMs });
  return { store, clock, catalog };
}

describe("createProfileCatalog", () => {
  it("loads every profile with its hash", async () => {
    const { catalog, store } = setup();
    const entries = await catalog.profiles();
    assert.deepEqual(entries, [
      { profile: profile("a"), hash: profileHash(profile("a")) },
      { profile: profile("b"), hash: profileHash(profile("b")) },
    ]);
    assert.equal(store.lists, 1);
    assert.equal(store.gets, 2);
  });

  it("hashes a secret value only as its keyed fingerprint, the same on every load", async () => {
    // Prepare: a Wi-Fi passphrase sealed at PUT
    const sealer = createAesGcmSealer(new Uint8Array(32).fill(3));
    const wifi: Profile = {
      ...profile("wifi"),
      parameterValues: [
        {
          name: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
          value: "12345678",
          type: "string",
        },
      ],
    };
    const sealed = sealProfileSecrets({ policy: builtInSecretPolicy, sealer }, wifi, undefined);
    const store = countingStore([sealed]);
    const load = () =>
      createProfileCatalog({ store, clock: { now: () => 0 }, ttlMs: 0, sealer }).profiles();

    // Act
    const [first] = await load();
    const [second] = await load();

    // Assess: what the device item keeps is no plain digest of the opened profile
    assert.equal(first?.profile.parameterValues[0]?.value, "12345678");
    assert.notEqual(first?.hash, contentHash(first?.profile));
    assert.notEqual(first?.hash, profileHash(first?.profile ?? wifi));
    assert.equal(second?.hash, first?.hash);
  });

  it("reads the store once per ttl", async () => {
    const { catalog, store, clock } = setup();
    const first = await catalog.profiles();
    clock.time += 29_999;
    const second = await catalog.profiles();
    assert.equal(second, first);
    assert.equal(store.lists, 1);
    assert.equal(store.gets, 2);
  });

  it("shares one load between calls made while it runs", async () => {
    const { catalog, store } = setup();
    const [a, b] = await Promise.all([catalog.profiles(), catalog.profiles()]);
    assert.equal(a, b);
    assert.equal(store.lists, 1);
  });

  it("reloads once the ttl elapsed, seeing edits", async () => {
    const { catalog, store, clock } = setup();
    await catalog.profiles();
    store.profiles.set("a", profile("a", "2"));
    clock.time += 30_000;
    const entries = await catalog.profiles();
    assert.equal(store.lists, 2);
    assert.equal(entries[0]?.hash, profileHash(profile("a", "2")));
    assert.notEqual(entries[0]?.hash, profileHash(profile("a")));
    clock.time += 1;
    await catalog.profiles();
    assert.equal(store.lists, 2, "the reload is cached in turn");
  });

  it("loads on every call with a ttl of 0", async () => {
    const { catalog, store } = setup(undefined, 0);
    await catalog.profiles();
    await catalog.profiles();
    assert.equal(store.lists, 2);
  });

  it("skips a profile deleted between the list and the read", async () => {
    const { catalog, store } = setup();
    const getProfile = store.getProfile;
    store.getProfile = async (name) => (name === "a" ? undefined : getProfile(name));
    const entries = await catalog.profiles();
    assert.deepEqual(
      entries.map((entry) => entry.profile.name),
      ["b"],
    );
  });

  it("does not cache a failed load: the next call tries again", async () => {
    const { catalog, store } = setup();
    store.fail = true;
    await assert.rejects(catalog.profiles(), /store unavailable/);
    store.fail = false;
    const entries = await catalog.profiles();
    assert.equal(entries.length, 2);
    assert.equal(store.lists, 2);
    await catalog.profiles();
    assert.equal(store.lists, 2, "the successful load is cached");
  });

  it("does not let an older load's failure drop a newer load", async () => {
    const { catalog, store, clock } = setup();
    let rejectSlow: (error: Error) => void = () => {};
    const listProfiles = store.listProfiles;
    store.listProfiles = () =>
      new Promise<string[]>((_, reject) => {
        rejectSlow = reject;
      });
    const slow = catalog.profiles();
    store.listProfiles = listProfiles;
    clock.time += 30_000;
    await catalog.profiles();
    assert.equal(store.lists, 1);
    rejectSlow(new Error("late failure"));
    await assert.rejects(slow, /late failure/);
    await catalog.profiles();
    assert.equal(store.lists, 1, "the newer load stays cached");
  });
});
