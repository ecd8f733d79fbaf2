import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDeviceCrCredentials } from "../../functions/adapters/credentials/device-cr-credentials.ts";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import type { DeviceRecord, SealedCrSecrets } from "../../functions/core/model/device.ts";
import { secretContext } from "../../functions/core/provisioning/secret-context.ts";
import type { CrCredentialSource, SecretSealer } from "../../functions/ports.ts";
import { deviceRecord, recordingLogger, t0 } from "./fixtures.ts";

const sealer = createAesGcmSealer(new Uint8Array(32).fill(3));
const deviceId = "00D09E-HGW-S1";
const shared = { username: "shared-user", password: "shared-pw" };

/** The shared pair, counting the devices it was asked for. */
function sharedPair(): CrCredentialSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    credentialsFor(device) {
      asked.push(device.id);
      return shared;
    },
  };
}

function secrets(overrides: Partial<SealedCrSecrets> = {}): SealedCrSecrets {
  return {
    crUsername: "cr-s1",
    crPassword: sealer.seal("per-device-pw", secretContext(deviceId, "crPassword")),
    xmppUsername: "cpe-s1",
    xmppPassword: sealer.seal("xmpp-pw", secretContext(deviceId, "xmppPassword")),
    createdAt: t0,
    confirmedGeneration: 4,
    ...overrides,
  };
}

function device(crSecrets: SealedCrSecrets | undefined, parameterGeneration = 4): DeviceRecord {
  return deviceRecord({ id: deviceId, parameterGeneration, ...(crSecrets && { crSecrets }) });
}

function source(options: { sealer?: SecretSealer | undefined } = { sealer }) {
  const fallback = sharedPair();
  const logger = recordingLogger();
  const credentials = createDeviceCrCredentials({ sealer: options.sealer, fallback, logger });
  return { credentials, fallback, logger };
}

describe("createDeviceCrCredentials", () => {
  it("gives the device's own pair once confirmed in its current generation", () => {
    const { credentials, fallback } = source();
    assert.deepEqual(credentials.credentialsFor(device(secrets())), {
      username: "cr-s1",
      password: "per-device-pw",
    });
    assert.deepEqual(fallback.asked, []);
  });

  it("falls back to the shared pair before the CPE confirmed them", () => {
    const { credentials, fallback } = source();
    const unconfirmed = secrets({ confirmedGeneration: undefined });
    assert.deepEqual(credentials.credentialsFor(device(unconfirmed)), shared);
    assert.deepEqual(fallback.asked, [deviceId]);
  });

  it("falls back to the shared pair after a BOOTSTRAP (newer generation)", () => {
    const { credentials } = source();
    assert.deepEqual(credentials.credentialsFor(device(secrets(), 5)), shared);
    assert.deepEqual(
      credentials.credentialsFor(device(secrets({ confirmedGeneration: 5 }), 4)),
      shared,
    );
  });

  it("falls back for a device without secrets", () => {
    const { credentials, fallback } = source();
    assert.deepEqual(credentials.credentialsFor(device(undefined)), shared);
    assert.equal(fallback.asked.length, 1);
  });

  it("falls back when the sender has no sealing key", () => {
    const { credentials } = source({ sealer: undefined });
    assert.deepEqual(credentials.credentialsFor(device(secrets())), shared);
  });

  it("falls back, logging an error, when the sealed password does not open", () => {
    const { credentials, logger } = source({
      sealer: createAesGcmSealer(new Uint8Array(32).fill(4)),
    });
    assert.deepEqual(credentials.credentialsFor(device(secrets())), shared);
    assert.equal(logger.entries.length, 1);
    assert.equal(logger.entries[0]?.level, "error");
    assert.equal(logger.entries[0]?.fields.deviceId, deviceId);
  });

  it("opens the CR password under the crPassword context only", () => {
    const { credentials } = source();
    const swapped = secrets({
      crPassword: sealer.seal("per-device-pw", secretContext(deviceId, "xmppPassword")),
    });
    assert.deepEqual(credentials.credentialsFor(device(swapped)), shared);
  });

  it("lets errors other than an unreadable secret through", () => {
    const broken: SecretSealer = {
      seal: () => "",
      open: () => {
        throw new TypeError("bug");
      },
      needsReseal: () => false,
      fingerprint: (plain, context) => `${context}#${plain}`,
    };
    const { credentials } = source({ sealer: broken });
    assert.throws(() => credentials.credentialsFor(device(secrets())), TypeError);
  });
});
