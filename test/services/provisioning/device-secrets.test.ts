import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../../functions/adapters/crypto/aes-gcm-sealer.ts";
import type { DeviceRecord } from "../../../functions/core/model/device.ts";
import { secretContext } from "../../../functions/core/provisioning/secret-context.ts";
import { deviceSecrets } from "../../../functions/services/provisioning/device-secrets.ts";

const keyA = new Uint8Array(32).fill(0xa);
const keyB = new Uint8Array(32).fill(0xb);
const onlyA = createAesGcmSealer({ currentId: "a", keys: new Map([["a", keyA]]) });
const rotated = createAesGcmSealer({
  currentId: "b",
  keys: new Map([
    ["a", keyA],
    ["b", keyB],
  ]),
});
const deviceId = "00D09E-HGW-S1";
const cr = secretContext(deviceId, "crPassword");
const xmppContext = secretContext(deviceId, "xmppPassword");
const stunContext = secretContext(deviceId, "stunPassword");

function device(crSecrets?: DeviceRecord["crSecrets"]): DeviceRecord {
  return {
    id: deviceId,
    manufacturer: "Acme",
    oui: "00D09E",
    productClass: "HGW",
    serialNumber: "S1",
    firstInformAt: 0,
    lastInformAt: 0,
    lastEvents: [],
    tags: [],
    informParameters: {},
    parameterGeneration: 2,
    taskQueue: [],
    ...(crSecrets && { crSecrets }),
  };
}

function ids() {
  let next = 0;
  return { randomId: () => `random-${++next}`, sortableId: () => `sortable-${++next}` };
}

describe("deviceSecrets", () => {
  it("generates the CR pair only when XMPP is off", () => {
    const secrets = deviceSecrets({ ids: ids(), sealer: onlyA }, device(), 50);

    assert.equal(secrets?.opened.crPassword, "random-1");
    assert.equal(secrets?.opened.xmpp, undefined);
    assert.match(secrets?.opened.crUsername ?? "", /^cpe-[0-9a-f]{24}$/);
    assert.equal(secrets?.sealed.createdAt, 50);
    assert.equal(secrets?.sealed.xmppPassword, undefined);
    assert.equal(onlyA.open(secrets?.sealed.crPassword ?? "", cr), "random-1");
    assert.equal(secrets?.resealed, false);
  });

  it("adds the XMPP pair to stored CR secrets once XMPP is on, keeping the CR pair", () => {
    const first = deviceSecrets({ ids: ids(), sealer: onlyA }, device(), 50);
    const stored = { ...first?.sealed, confirmedGeneration: 2 } as DeviceRecord["crSecrets"];

    const withXmpp = deviceSecrets({ ids: ids(), sealer: onlyA, xmpp: {} }, device(stored), 60);

    assert.equal(withXmpp?.sealed.crPassword, stored?.crPassword);
    assert.equal(withXmpp?.sealed.confirmedGeneration, 2);
    assert.equal(withXmpp?.sealed.createdAt, 50);
    assert.equal(withXmpp?.opened.xmpp?.username, stored?.crUsername);
    assert.equal(onlyA.open(withXmpp?.sealed.xmppPassword ?? "", xmppContext), "random-1");
    assert.equal(withXmpp?.resealed, false);
  });

  it("derives the XMPP password from the operator's account key", () => {
    const secrets = deviceSecrets(
      { ids: ids(), sealer: onlyA, xmpp: { accountKey: "k".repeat(32) } },
      device(),
      50,
    );

    assert.notEqual(secrets?.opened.xmpp?.password, undefined);
    assert.doesNotMatch(secrets?.opened.xmpp?.password ?? "", /^random-/);
  });

  it("returns the stored object itself when nothing changed (nothing to write)", () => {
    const stored = deviceSecrets({ ids: ids(), sealer: onlyA, xmpp: {} }, device(), 50)?.sealed;

    const again = deviceSecrets({ ids: ids(), sealer: onlyA, xmpp: {} }, device(stored), 60);

    assert.equal(again?.sealed, stored);
    assert.equal(again?.resealed, false);
  });

  it("re-seals values under an old key with the current one, same plain text", () => {
    const stored = deviceSecrets({ ids: ids(), sealer: onlyA, xmpp: {} }, device(), 50)?.sealed;
    const confirmed = { ...stored, confirmedGeneration: 2 } as DeviceRecord["crSecrets"];

    const after = deviceSecrets({ ids: ids(), sealer: rotated, xmpp: {} }, device(confirmed), 60);

    assert.equal(after?.resealed, true);
    assert.match(after?.sealed.crPassword ?? "", /^v2\.b\./);
    assert.match(after?.sealed.xmppPassword ?? "", /^v2\.b\./);
    assert.equal(rotated.open(after?.sealed.crPassword ?? "", cr), "random-1");
    assert.equal(after?.opened.crPassword, "random-1");
    assert.equal(after?.sealed.confirmedGeneration, 2);
    assert.equal(after?.sealed.createdAt, 50);
  });

  it("is undefined when a stored value's key is gone", () => {
    const stored = deviceSecrets({ ids: ids(), sealer: rotated }, device(), 50)?.sealed;

    assert.equal(deviceSecrets({ ids: ids(), sealer: onlyA }, device(stored), 60), undefined);
  });
  it("generates no STUN password while UDP connection requests are off", () => {
    const secrets = deviceSecrets({ ids: ids(), sealer: onlyA }, device(), 50);

    assert.equal(secrets?.opened.stunPassword, undefined);
    assert.equal(secrets?.sealed.stunPassword, undefined);
  });

  it("adds a sealed STUN password once UDP connection requests are on, keeping the CR pair", () => {
    const first = deviceSecrets({ ids: ids(), sealer: onlyA }, device(), 50)?.sealed;

    const withStun = deviceSecrets({ ids: ids(), sealer: onlyA, stun: true }, device(first), 60);

    assert.equal(withStun?.sealed.crPassword, first?.crPassword);
    assert.equal(withStun?.opened.stunPassword, "random-1");
    assert.equal(onlyA.open(withStun?.sealed.stunPassword ?? "", stunContext), "random-1");
    assert.notEqual(withStun?.sealed, first);
    assert.equal(withStun?.resealed, false);
  });

  it("keeps a stored STUN password as stored (nothing to write)", () => {
    const stored = deviceSecrets({ ids: ids(), sealer: onlyA, stun: true }, device(), 50)?.sealed;

    const again = deviceSecrets({ ids: ids(), sealer: onlyA, stun: true }, device(stored), 60);

    assert.equal(again?.sealed, stored);
    assert.equal(again?.opened.stunPassword, "random-2");
  });

  it("re-seals a STUN password an old key sealed", () => {
    const stored = deviceSecrets({ ids: ids(), sealer: onlyA, stun: true }, device(), 50)?.sealed;

    const again = deviceSecrets({ ids: ids(), sealer: rotated, stun: true }, device(stored), 60);

    assert.equal(again?.resealed, true);
    assert.notEqual(again?.sealed.stunPassword, stored?.stunPassword);
    assert.equal(rotated.open(again?.sealed.stunPassword ?? "", stunContext), "random-2");
  });
});
