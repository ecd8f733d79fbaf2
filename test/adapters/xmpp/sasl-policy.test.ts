import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import type { RawXmppClient } from "../../../functions/adapters/xmpp/raw-client.ts";
import {
  chooseSaslMechanism,
  createSaslPolicy,
} from "../../../functions/adapters/xmpp/sasl-policy.ts";

/** Only what the policy touches: isSecure() and the element listeners. */
function fakeEntity(secure: boolean): RawXmppClient {
  return Object.assign(new EventEmitter(), { isSecure: () => secure }) as unknown as RawXmppClient;
}

describe("chooseSaslMechanism", () => {
  it("prefers SCRAM-SHA-1 over PLAIN", () => {
    assert.equal(chooseSaslMechanism(["PLAIN", "SCRAM-SHA-1"], true), "SCRAM-SHA-1");
  });

  it("uses PLAIN only inside TLS", () => {
    assert.equal(chooseSaslMechanism(["PLAIN"], true), "PLAIN");
    assert.equal(chooseSaslMechanism(["PLAIN"], false), undefined);
  });

  it("never picks ANONYMOUS", () => {
    assert.equal(chooseSaslMechanism(["ANONYMOUS"], true), undefined);
  });
});

describe("createSaslPolicy", () => {
  it("refuses to authenticate over plain text when TLS is required", async () => {
    // Prepare
    const calls: string[] = [];
    const policy = createSaslPolicy({ username: "acs", password: "pw", requireTls: true });
    // Act / Assess
    await assert.rejects(
      policy(
        async (_c, mechanism) => void calls.push(mechanism),
        ["SCRAM-SHA-1"],
        null,
        fakeEntity(false),
      ),
      { name: "XmppTlsRequiredError" },
    );
    assert.deepEqual(calls, []);
  });

  it("fails with a typed error when no acceptable mechanism is offered", async () => {
    // Prepare
    const policy = createSaslPolicy({ username: "acs", password: "pw", requireTls: false });
    // Act / Assess
    await assert.rejects(
      policy(async () => {}, ["PLAIN"], null, fakeEntity(false)),
      {
        name: "XmppNoAcceptableMechanismError",
        offered: ["PLAIN"],
      },
    );
  });

  it("authenticates with SCRAM-SHA-1 and removes its challenge listener afterwards", async () => {
    // Prepare
    const entity = fakeEntity(true);
    const seen: Array<{ mechanism: string; username: unknown }> = [];
    const policy = createSaslPolicy({ username: "acs", password: "pw", requireTls: true });
    // Act
    await policy(
      async (credentials, mechanism) =>
        void seen.push({ mechanism, username: credentials.username }),
      ["PLAIN", "SCRAM-SHA-1"],
      null,
      entity,
    );
    // Assess
    assert.deepEqual(seen, [{ mechanism: "SCRAM-SHA-1", username: "acs" }]);
    assert.equal(entity.listenerCount("element"), 0);
  });
});
