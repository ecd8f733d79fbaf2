import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProfileState } from "../../../functions/core/model/profile-state.ts";
import {
  dueState,
  faultBackoffMs,
  freshProfileState,
  type ProfileTiming,
} from "../../../functions/core/provisioning/profile-state.ts";

const timing: ProfileTiming = {
  faultBackoffMs: 1_000,
  maxFaultBackoffMs: 10_000,
  recheckMs: 60_000,
};

const t0 = 1_000_000;

/** A memory with something learned in every field, so "kept" and "reset" can be told apart. */
function learned(overrides: Partial<ProfileState> = {}): ProfileState {
  return {
    generation: 3,
    hash: "hash-a",
    status: "pending",
    updatedAt: t0,
    faults: 2,
    lastFault: { code: 9002, string: "internal", method: "SetParameterValues", at: t0 },
    retryAt: t0 + 5_000,
    fetched: ["Device.XMPP.Connection."],
    notificationsSet: ["Device.ManagementServer.ConnReqJabberID=2"],
    addObjectRefused: ["Device.XMPP.Connection.1.Server."],
    instances: { "Device.XMPP.Connection.": "Device.XMPP.Connection.2." },
    secretsApplied: { "Device.XMPP.Connection.2.Password": "fp" },
    ...overrides,
  };
}

function due(
  state: ProfileState | undefined,
  overrides: Partial<Parameters<typeof dueState>[1]> = {},
) {
  return dueState(state, {
    generation: 3,
    hash: "hash-a",
    events: ["2 PERIODIC"],
    now: t0,
    timing,
    ...overrides,
  });
}

describe("dueState", () => {
  it("starts fresh when the device has no memory of the profile", () => {
    assert.deepEqual(due(undefined, { now: t0 + 7 }), freshProfileState(3, "hash-a", t0 + 7));
    assert.deepEqual(due(undefined), {
      generation: 3,
      hash: "hash-a",
      status: "pending",
      updatedAt: t0,
      faults: 0,
      fetched: [],
      notificationsSet: [],
      addObjectRefused: [],
      instances: {},
      secretsApplied: {},
    });
  });

  it("starts fresh in a new parameter generation, forgetting everything learned", () => {
    const old = learned({ status: "converged", generation: 2 });
    assert.deepEqual(due(old, { now: t0 + 9 }), freshProfileState(3, "hash-a", t0 + 9));
  });

  it("keeps what was learned of the device when the profile was edited", () => {
    const old = learned({ status: "faulted", hash: "hash-old", updatedAt: t0 - 100 });
    const next = due(old, { now: t0 + 1 });
    assert.ok(next);
    assert.equal(next.hash, "hash-a");
    assert.equal(next.status, "pending");
    assert.equal(next.faults, 0);
    assert.deepEqual(next.notificationsSet, []);
    assert.equal(next.updatedAt, t0 + 1);
    assert.deepEqual(next.fetched, old.fetched);
    assert.deepEqual(next.instances, old.instances);
    assert.deepEqual(next.secretsApplied, old.secretsApplied);
    assert.deepEqual(next.addObjectRefused, old.addObjectRefused);
    assert.equal(next.generation, 3);
  });

  it("re-evaluates an edited profile even while it was backing off", () => {
    const old = learned({ status: "faulted", hash: "hash-old", retryAt: t0 + 60_000 });
    assert.equal(due(old)?.status, "pending");
  });

  it("keeps working on a pending profile as it is", () => {
    const state = learned({ status: "pending" });
    assert.equal(due(state), state);
  });

  it("leaves a faulted profile alone before retryAt and takes it up at and after retryAt", () => {
    const state = learned({ status: "faulted", retryAt: t0 + 5_000 });
    assert.equal(due(state, { now: t0 }), undefined);
    assert.equal(due(state, { now: t0 + 4_999 }), undefined);
    assert.equal(due(state, { now: t0 + 5_000 }), state);
    assert.equal(due(state, { now: t0 + 50_000 }), state);
  });

  it("a boot does not cut a fault's back-off short", () => {
    const state = learned({ status: "faulted", retryAt: t0 + 5_000 });
    assert.equal(due(state, { events: ["1 BOOT", "4 VALUE CHANGE"] }), undefined);
  });

  for (const status of ["converged", "not-applicable"] as const) {
    describe(`a ${status} profile`, () => {
      const state = learned({ status, updatedAt: t0 });

      it("is left alone in an ordinary session before recheckMs", () => {
        assert.equal(due(state, { now: t0 + 59_999, events: ["2 PERIODIC"] }), undefined);
        assert.equal(due(state, { events: ["6 CONNECTION REQUEST", "M Reboot"] }), undefined);
        assert.equal(due(state, { events: [] }), undefined);
      });

      // A not-applicable profile probes again (a firmware upgrade may have added the object).
      const again =
        status === "converged"
          ? { ...state, status: "pending" }
          : { ...state, status: "pending", fetched: [] };
      for (const event of ["0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE"]) {
        it(`is checked again after "${event}"`, () => {
          const next = due(state, { events: ["2 PERIODIC", event] });
          assert.deepEqual(next, again);
        });
      }

      it("is checked again once recheckMs elapsed since updatedAt", () => {
        assert.deepEqual(due(state, { now: t0 + 60_000 }), again);
        assert.equal(due(state, { now: t0 + 120_000 })?.status, "pending");
      });
    });
  }
});

describe("faultBackoffMs", () => {
  it("starts at the base and doubles per fault in a row", () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((faults) => faultBackoffMs(faults, timing)),
      [1_000, 2_000, 4_000, 8_000],
    );
  });

  it("is capped at maxFaultBackoffMs", () => {
    assert.equal(faultBackoffMs(5, timing), 10_000);
    assert.equal(faultBackoffMs(40, timing), 10_000);
    assert.equal(faultBackoffMs(1_000, timing), 10_000);
  });

  it("treats zero (or fewer) faults like the first", () => {
    assert.equal(faultBackoffMs(0, timing), 1_000);
    assert.equal(faultBackoffMs(-3, timing), 1_000);
  });

  it("stays finite with the default day-long cap and many faults", () => {
    const wide = { faultBackoffMs: 300_000, maxFaultBackoffMs: 86_400_000, recheckMs: 1 };
    assert.equal(faultBackoffMs(9, wide), 76_800_000);
    assert.equal(faultBackoffMs(10, wide), 86_400_000);
    assert.equal(faultBackoffMs(10_000, wide), 86_400_000);
  });
});
