import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DigestReplayError,
  SessionBusyError,
  SharedCredentialRefusedError,
} from "../../../functions/port-errors.ts";
import type { CpeCredentialAdmin, DeviceStore } from "../../../functions/ports.ts";
import { deviceA, deviceB, informFacts, leaseMs, recorded, sessionState, t0 } from "./fixtures.ts";

/** What the CPE-authentication contract needs: the device store and the credential admin. */
export type CreateAuthStores = () => Promise<{
  readonly devices: DeviceStore;
  readonly credentials: CpeCredentialAdmin;
}>;

const ha1 = { md5: "m".repeat(32), sha256: "s".repeat(64) };
const use = (nonceIssuedAt: number, nc: number) => ({
  nonceIssuedAt,
  nonce: `${nonceIssuedAt}.mac`,
  nc,
});

/**
 * The open-session write's credential conditions, the same for every DeviceStore: a digest
 * nonce/nc pair opens at most one session per device (core/auth/digest-use.ts), and a device
 * with its own credential refuses the shared one. Both are checked in the write that takes the
 * lease, and a refused write changes nothing.
 */
export function cpeAuthContract(fresh: CreateAuthStores): void {
  describe("open-session credential conditions", () => {
    it("accepts a nonce/nc pair once per device: the same pair again is a replay", async () => {
      // Prepare
      const { devices } = await fresh();
      const first = await devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s1", t0),
        t0,
        {
          digest: use(t0, 1),
        },
      );
      await devices.closeSession(sessionState(deviceA, "s1", t0), {}, t0 + 1);

      // Act
      const replay = devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s2", t0 + 2),
        t0 + 2,
        { digest: use(t0, 1) },
      );

      // Assess
      assert.equal(recorded(first).id, deviceA);
      await assert.rejects(replay, DigestReplayError);
      assert.equal((await devices.getDevice(deviceA))?.lastInformAt, t0, "nothing written");
    });

    it("accepts the same nonce with a higher nc, or a later nonce; refuses an older one", async () => {
      // Prepare
      const { devices } = await fresh();
      const open = (id: string, at: number, digest: ReturnType<typeof use>) =>
        devices.openSession(informFacts(deviceA), sessionState(deviceA, id, at), at, {
          digest,
          supersede: true,
        });
      await open("s1", t0, use(t0, 1));

      // Act, Assess
      await open("s2", t0 + 1, use(t0, 2));
      await open("s3", t0 + 2, use(t0 + 1_000, 1));
      await assert.rejects(open("s4", t0 + 3, use(t0 + 500, 7)), DigestReplayError);
    });

    it("keeps replay state per device", async () => {
      const { devices } = await fresh();
      await devices.openSession(informFacts(deviceA), sessionState(deviceA, "a", t0), t0, {
        digest: use(t0, 1),
      });
      const other = await devices.openSession(
        informFacts(deviceB),
        sessionState(deviceB, "b", t0),
        t0,
        { digest: use(t0, 1) },
      );
      assert.equal(recorded(other).id, deviceB);
    });

    it("names a live lease busy, not a replay, when the answer is new", async () => {
      const { devices } = await fresh();
      await devices.openSession(informFacts(deviceA), sessionState(deviceA, "s1", t0), t0, {
        digest: use(t0, 1),
      });
      await assert.rejects(
        devices.openSession(informFacts(deviceA), sessionState(deviceA, "s2", t0 + 1), t0 + 1, {
          digest: use(t0, 2),
        }),
        SessionBusyError,
      );
      // Still the pair after the busy refusal: nc 2 was never recorded.
      await devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s3", t0 + leaseMs + 1),
        t0 + leaseMs + 1,
        { digest: use(t0, 2) },
      );
    });

    it("refuses the shared credential for a device given its own before its first Inform", async () => {
      // Prepare
      const { devices, credentials } = await fresh();
      await credentials.putCredential("cpe-a", { ha1, deviceId: deviceA, now: t0 });

      // Act
      const shared = devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s1", t0),
        t0,
        { sharedCredential: true },
      );

      // Assess
      await assert.rejects(shared, SharedCredentialRefusedError);
      assert.equal(await devices.getDevice(deviceA), undefined, "not a device before its Inform");
      const own = await devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s2", t0),
        t0,
        { sharedCredential: false },
      );
      assert.equal(own.previous, undefined, "the first Inform registers the device");
      assert.equal((await credentials.credentialFor("cpe-a"))?.deviceId, deviceA);
    });

    it("lets the shared credential in again once the device's own is deleted or moved", async () => {
      // Prepare
      const { devices, credentials } = await fresh();
      await devices.openSession(informFacts(deviceA), sessionState(deviceA, "s1", t0), t0);
      await devices.openSession(informFacts(deviceB), sessionState(deviceB, "s1", t0), t0);
      await credentials.putCredential("cpe-a", { ha1, deviceId: deviceA, now: t0 });
      await credentials.putCredential("cpe-b", { ha1, deviceId: deviceB, now: t0 });
      const shared = (deviceId: string, id: string) =>
        devices.openSession(informFacts(deviceId), sessionState(deviceId, id, t0), t0, {
          sharedCredential: true,
          supersede: true,
        });
      await assert.rejects(shared(deviceA, "s2"), SharedCredentialRefusedError);

      // Act
      assert.equal(await credentials.deleteCredential("cpe-a"), true);
      await credentials.putCredential("cpe-b", { ha1, deviceId: deviceA, now: t0 + 1 });

      // Assess
      await assert.rejects(shared(deviceA, "s3"), SharedCredentialRefusedError, "cpe-b now");
      await shared(deviceB, "s4");
      const secret = (await credentials.credentialFor("cpe-b"))?.secret;
      assert.deepEqual(secret, { kind: "ha1", ...ha1 });
    });

    cpeAuthRemovalContract(fresh);
  });
}

/** Removal keeps the own-credential mark: the credential outlives the device record. */
export function cpeAuthRemovalContract(fresh: CreateAuthStores): void {
  it("keeps the shared credential out of a deleted and re-registered device", async () => {
    // Prepare
    const { devices, credentials } = await fresh();
    await devices.openSession(informFacts(deviceA), sessionState(deviceA, "s1", t0), t0);
    await devices.closeSession(sessionState(deviceA, "s1", t0), {}, t0 + 1);
    await credentials.putCredential("cpe-a", { ha1, deviceId: deviceA, now: t0 });

    // Act
    await devices.deleteDevice(deviceA, t0 + 2);

    // Assess
    assert.equal(await devices.getDevice(deviceA), undefined);
    await assert.rejects(
      devices.openSession(informFacts(deviceA), sessionState(deviceA, "s2", t0 + 3), t0 + 3, {
        sharedCredential: true,
      }),
      SharedCredentialRefusedError,
    );
  });
}
