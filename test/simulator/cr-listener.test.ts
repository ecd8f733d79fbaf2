import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createUrlGuard,
  type HttpCrOptions,
  sendHttpConnectionRequest,
} from "../../functions/adapters/http-cr/index.ts";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import { eventCodes, type FakeAcs, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";

describe("connection-request listener (TR-069 3.2.2)", () => {
  let acs: FakeAcs;
  let listener: CrListener;
  let cpe: SimulatedCpe;
  const request = (overrides: Partial<HttpCrOptions> = {}) =>
    sendHttpConnectionRequest({
      url: listener.urlFor("CR1"),
      username: "cr-user",
      password: "cr-pass",
      connectTimeoutMs: 2000,
      responseTimeoutMs: 2000,
      guard: createUrlGuard({ allowCidrs: ["127.0.0.1/32"] }),
      ...overrides,
    });

  /** Set by a test to hold the ACS's answer to the next Inform. */
  let hold: Promise<void> | undefined;

  before(async () => {
    acs = await startFakeAcs({
      override: (post) => {
        if (hold === undefined || post.message?.method !== "Inform") return undefined;
        const until = hold;
        hold = undefined;
        return { kind: "wait", until };
      },
    });
    listener = createCrListener();
    await listener.start();
    cpe = createSimulatedCpe({
      serialNumber: "CR1",
      acsUrl: acs.url,
      connectionRequestUrl: listener.urlFor("CR1"),
      connectionRequestUsername: "cr-user",
      connectionRequestPassword: "cr-pass",
    });
    listener.register("CR1", crTargetOf(cpe));
    cpe.start();
    await waitUntil(() => cpe.sessions().length === 1, "the bootstrap session");
  });
  after(async () => {
    await cpe.stop();
    await listener.stop();
    await acs.close();
  });

  it("reports its listener URL as ConnectionRequestURL", () => {
    const reported = acs
      .informs()[0]
      ?.parameterList.find((p) => p.name === "Device.ManagementServer.ConnectionRequestURL");
    assert.equal(reported?.value, listener.urlFor("CR1"));
    assert.match(reported?.value ?? "", /^http:\/\/127\.0\.0\.1:\d+\/cr\/CR1$/);
  });

  it("rejects wrong credentials with 401 and starts no session", async () => {
    // Act
    const outcome = await request({ password: "wrong" });
    // Assess
    assert.equal(outcome.kind, "auth-failed");
    assert.equal(outcome.kind === "auth-failed" && outcome.status, 401);
    assert.equal(acs.informs().length, 1);
  });

  it("accepts a Digest-authenticated request and informs 6 CONNECTION REQUEST", async () => {
    // Act
    const outcome = await request();
    await waitUntil(() => cpe.sessions().length === 2, "the session after the CR");
    // Assess
    assert.equal(outcome.kind === "delivered" && outcome.status, 200);
    assert.equal(outcome.kind === "delivered" && outcome.authenticated, true);
    assert.deepEqual(eventCodes(acs.informs()[1] ?? assert.fail()), ["6 CONNECTION REQUEST"]);
  });

  it("answers 503 while a session is running", async () => {
    // Prepare: the ACS holds its InformResponse until the CR has been answered.
    let release = (): void => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    cpe.connectionRequest();
    await waitUntil(() => acs.informs().length === 3, "the held Inform");
    // Act
    const outcome = await request();
    release();
    await waitUntil(() => cpe.sessions().length === 3, "the running session to end");
    // Assess
    assert.equal(outcome.kind, "busy");
  });

  it("uses new CR credentials once the ACS has set them", async () => {
    // Prepare
    acs.enqueue({
      method: "SetParameterValues",
      parameterList: [
        {
          name: "Device.ManagementServer.ConnectionRequestPassword",
          value: "new-pass",
          type: "string",
        },
      ],
      parameterKey: "cr",
    });
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 4, "the session setting the password");
    // Act
    const old = await request();
    const fresh = await request({ password: "new-pass" });
    // Assess
    assert.equal(old.kind, "auth-failed");
    assert.equal(fresh.kind, "delivered");
  });

  it("answers 404 for a serial number it does not serve", async () => {
    const outcome = await request({ url: listener.urlFor("nobody") });
    assert.equal(outcome.kind === "unexpected-status" && outcome.status, 404);
  });
});
