import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import type { XmppAddUserOutcome } from "../../functions/adapters/xmpp/index.ts";
import {
  type AccountDeps,
  createXmppAccount,
} from "../../functions/connection-request-service/create-xmpp-account.ts";
import type { DeviceRecord, XmppAccountStatus } from "../../functions/core/model/device.ts";
import { secretContext } from "../../functions/core/provisioning/secret-context.ts";
import type { XmppAccountCreator } from "../../functions/ports.ts";
import { deviceRecord, recordingLogger, recordingMetrics, t0 } from "./fixtures.ts";

const sealer = createAesGcmSealer(new Uint8Array(32).fill(9));
const deviceId = "00D09E-HGW-S1";
const xmppPassword = "xmpp-pa55word";

function deviceWithSecrets(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return deviceRecord({
    id: deviceId,
    parameterGeneration: 2,
    crSecrets: {
      crUsername: "cr-user",
      crPassword: sealer.seal("cr-pw", secretContext(deviceId, "crPassword")),
      xmppUsername: "cpe-s1",
      xmppPassword: sealer.seal(xmppPassword, secretContext(deviceId, "xmppPassword")),
      createdAt: t0,
    },
    ...overrides,
  });
}

/** An in-memory XEP-0133 server: answers `outcome`, remembers what it was asked. */
function fakeAccounts(outcome: XmppAddUserOutcome) {
  const calls: Parameters<XmppAccountCreator["addUser"]>[0][] = [];
  const accounts: XmppAccountCreator = {
    domain: "xmpp.example",
    async addUser(request) {
      calls.push(request);
      return outcome;
    },
  };
  return { accounts, calls };
}

function harness(overrides: Partial<AccountDeps> = {}) {
  const recorded: XmppAccountStatus[] = [];
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const deps: AccountDeps = {
    accounts: fakeAccounts({ kind: "created" }).accounts,
    sealer,
    clock: { now: () => t0 + 500 },
    logger,
    metrics,
    timeoutMs: 4_000,
    ...overrides,
  };
  return { deps, recorded, logger, metrics };
}

/** Runs the step as the handler does: the status it returns is what gets recorded. */
async function run(deps: AccountDeps, recorded: XmppAccountStatus[], device: DeviceRecord) {
  const result = await createXmppAccount(deps, device);
  if (result.status !== undefined) recorded.push(result.status);
  return result.disposition;
}

describe("createXmppAccount", () => {
  it("creates <xmppUsername>@<domain> with the opened password, then records it", async () => {
    const { accounts, calls } = fakeAccounts({ kind: "created" });
    const { deps, recorded, logger, metrics } = harness({ accounts });
    const disposition = await run(deps, recorded, deviceWithSecrets());
    assert.deepEqual(disposition, { kind: "delete" });
    assert.deepEqual(calls, [
      {
        jid: "cpe-s1@xmpp.example",
        password: xmppPassword,
        timeoutMs: 4_000,
        resetPasswordIfExists: true,
      },
    ]);
    assert.deepEqual(recorded, [{ status: "created", at: t0 + 500 }]);
    assert.equal(metrics.total("XmppAccount", { Outcome: "created" }), 1);
    assert.ok(!logger.text().includes(xmppPassword), "the password is never logged");
  });

  it("records an existing account whose password was set to the device's", async () => {
    const reset = fakeAccounts({ kind: "password-reset" }).accounts;
    const { deps, recorded } = harness({ accounts: reset });
    assert.deepEqual(await run(deps, recorded, deviceWithSecrets()), { kind: "delete" });
    assert.deepEqual(recorded, [
      { status: "exists", at: t0 + 500, detail: "existed; its password was set to this device's" },
    ]);
  });

  it("counts an existing account as done", async () => {
    const { deps, recorded } = harness({ accounts: fakeAccounts({ kind: "exists" }).accounts });
    assert.deepEqual(await run(deps, recorded, deviceWithSecrets()), { kind: "delete" });
    assert.deepEqual(recorded, [{ status: "exists", at: t0 + 500 }]);
  });

  const refusals: Array<[XmppAddUserOutcome, RegExp]> = [
    [{ kind: "forbidden" }, /not an admin/],
    [{ kind: "unsupported" }, /XEP-0133/],
    [
      { kind: "error", condition: "not-allowed", text: "quota" },
      /^xmpp error: not-allowed \(quota\)$/,
    ],
    [{ kind: "error", condition: "conflict" }, /^xmpp error: conflict$/],
  ];
  for (const [outcome, detail] of refusals) {
    it(`records a refusal with a detail on ${JSON.stringify(outcome)}, never retried`, async () => {
      const { deps, recorded, metrics } = harness({ accounts: fakeAccounts(outcome).accounts });
      assert.deepEqual(await run(deps, recorded, deviceWithSecrets()), { kind: "delete" });
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0]?.status, "refused");
      assert.equal(recorded[0]?.at, t0 + 500);
      assert.match(recorded[0]?.detail ?? "", detail);
      assert.equal(metrics.total("XmppAccount", { Outcome: outcome.kind }), 1);
    });
  }

  for (const kind of ["timeout", "session-down"] as const) {
    it(`retries later on ${kind}, recording nothing`, async () => {
      const { accounts, calls } = fakeAccounts({ kind });
      const { deps, recorded } = harness({ accounts });
      const disposition = await run(deps, recorded, deviceWithSecrets());
      assert.equal(disposition.kind, "retry");
      assert.ok(disposition.kind === "retry" && disposition.delaySeconds > 0);
      assert.match(disposition.kind === "retry" ? disposition.reason : "", new RegExp(kind));
      assert.deepEqual(recorded, []);
      assert.equal(calls.length, 1);
    });
  }

  it("refuses with a detail when the sender has no XMPP session", async () => {
    const { deps, recorded, metrics } = harness({ accounts: undefined });
    assert.deepEqual(await run(deps, recorded, deviceWithSecrets()), { kind: "delete" });
    assert.deepEqual(recorded, [
      { status: "refused", at: t0 + 500, detail: "sender has no XMPP session" },
    ]);
    assert.equal(metrics.total("XmppAccount", { Outcome: "refused" }), 1);
  });

  it("refuses with a detail when the sender has no sealing key, without asking the server", async () => {
    const { accounts, calls } = fakeAccounts({ kind: "created" });
    const { deps, recorded } = harness({ accounts, sealer: undefined });
    assert.deepEqual(await run(deps, recorded, deviceWithSecrets()), { kind: "delete" });
    assert.deepEqual(recorded, [
      { status: "refused", at: t0 + 500, detail: "sender has no ACS_SECRETS_KEY" },
    ]);
    assert.equal(calls.length, 0);
  });

  it("refuses when the sealed password does not open (another key)", async () => {
    const { accounts, calls } = fakeAccounts({ kind: "created" });
    const other = createAesGcmSealer(new Uint8Array(32).fill(1));
    const { deps, recorded } = harness({ accounts, sealer: other });
    assert.deepEqual(await run(deps, recorded, deviceWithSecrets()), { kind: "delete" });
    assert.deepEqual(recorded, [
      { status: "refused", at: t0 + 500, detail: "sealed password unreadable" },
    ]);
    assert.equal(calls.length, 0);
  });

  it("opens the password with this device's xmppPassword context only", async () => {
    const device = deviceWithSecrets();
    const secrets = device.crSecrets;
    assert.ok(secrets);
    // Sealed for the CR field of the same device: the context differs, so it must not open.
    const misfiled = {
      ...device,
      crSecrets: {
        ...secrets,
        xmppPassword: sealer.seal(xmppPassword, secretContext(deviceId, "crPassword")),
      },
    };
    const { accounts, calls } = fakeAccounts({ kind: "created" });
    const { deps, recorded } = harness({ accounts });
    await run(deps, recorded, misfiled);
    assert.equal(recorded[0]?.detail, "sealed password unreadable");
    assert.equal(calls.length, 0);
  });

  it("drops the request of a device without secrets, recording nothing", async () => {
    const { accounts, calls } = fakeAccounts({ kind: "created" });
    const { deps, recorded, logger } = harness({ accounts });
    const device = { ...deviceWithSecrets(), crSecrets: undefined };
    assert.deepEqual(await run(deps, recorded, device), { kind: "delete" });
    assert.deepEqual(recorded, []);
    assert.equal(calls.length, 0);
    assert.equal(logger.entries[0]?.level, "warn");
  });
});
