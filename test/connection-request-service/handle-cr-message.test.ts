import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStaticCrCredentials } from "../../functions/adapters/credentials/static-cr-credentials.ts";
import type { HttpCrOutcome } from "../../functions/adapters/http-cr/index.ts";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import { createCrMessageHandler } from "../../functions/connection-request-service/handle-cr-message.ts";
import type { XmppCrSender } from "../../functions/ports.ts";
import {
  fakeHttp,
  fakeXmpp,
  httpBusy,
  httpDelivered,
  recordingLogger,
  recordingMetrics,
  seedDevice,
  t0,
} from "./fixtures.ts";

const CR = { username: "crUser", password: "cr-Secret-42" };
const URL_A = "http://cpe-a.example:7547/cr";
const JID_A = "cpe-a@xmpp.example/cwmp";

interface Setup {
  readonly xmpp?: XmppCrSender | undefined;
  readonly http?: ReturnType<typeof fakeHttp>;
  readonly now?: number;
  readonly jid?: string;
  readonly url?: string;
  readonly inSession?: boolean;
}

async function setup(options: Setup = {}) {
  const stores = createMemoryStores();
  await seedDevice(stores.devices, {
    deviceId: "dev-a",
    ...(options.url !== "" && { connectionRequestUrl: options.url ?? URL_A }),
    ...(options.jid !== undefined && { connReqJabberId: options.jid }),
    ...(options.inSession === true && { inSession: true, at: t0 - 1_000 }),
  });
  const http = options.http ?? fakeHttp(httpDelivered);
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  let now = options.now ?? t0;
  const handle = createCrMessageHandler({
    devices: stores.devices,
    tasks: stores.tasks,
    taskDefaults: builtInTaskDefaults,
    credentials: createStaticCrCredentials(CR),
    xmpp: options.xmpp,
    sendHttp: http,
    clock: { now: () => now },
    logger,
    metrics,
    settings: {
      dedupWindowMs: 10_000,
      xmppTimeoutMs: 1_000,
      busy: { maxAttempts: 4, baseSeconds: 5, maxSeconds: 300 },
    },
    random: () => 0.5,
  });
  const deliver = (body: unknown, receiveCount = 1) =>
    handle({
      messageId: "m-1",
      body: typeof body === "string" ? body : JSON.stringify(body),
      receiveCount,
    });
  const device = async () => stores.devices.getDevice("dev-a");
  const advance = (ms: number) => {
    now += ms;
  };
  return { stores, http, logger, metrics, deliver, device, advance };
}

describe("createCrMessageHandler", () => {
  describe("XMPP first (TR-069 Annex K)", () => {
    it("delivers over XMPP and records method xmpp without touching HTTP", async () => {
      // Prepare
      const xmpp = fakeXmpp("delivered");
      const { deliver, device, http, metrics } = await setup({ xmpp, jid: JID_A });

      // Act
      const disposition = await deliver({ deviceId: "dev-a" });

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      assert.deepEqual(xmpp.calls, [{ to: JID_A, ...CR }]);
      assert.equal(http.calls.length, 0);
      const last = (await device())?.lastConnectionRequest;
      assert.equal(last?.method, "xmpp");
      assert.equal(last?.outcome, "delivered");
      assert.equal(last?.at, t0);
      assert.equal(metrics.total("CrDelivered", { Method: "xmpp" }), 1);
      assert.equal(metrics.latencies[0]?.method, "xmpp");
    });

    for (const kind of ["service-unavailable", "timeout", "session-down", "error"] as const) {
      it(`falls back to HTTP when XMPP answers ${kind}`, async () => {
        // Prepare
        const xmpp = fakeXmpp(kind);
        const { deliver, device, http, metrics } = await setup({ xmpp, jid: JID_A });

        // Act
        const disposition = await deliver({ deviceId: "dev-a" });

        // Assess
        assert.deepEqual(disposition, { kind: "delete" });
        assert.deepEqual(http.calls, [{ url: URL_A, ...CR }]);
        const last = (await device())?.lastConnectionRequest;
        assert.equal(last?.method, "http");
        assert.equal(last?.outcome, "delivered");
        assert.match(last?.detail ?? "", new RegExp(`after xmpp ${kind}`));
        assert.equal(metrics.total("CrFallback", { Reason: kind }), 1);
        assert.equal(metrics.total("CrDelivered", { Method: "http" }), 1);
      });
    }

    it("records a credentials mismatch on not-authorized, then falls back to HTTP", async () => {
      // Prepare
      const xmpp = fakeXmpp("not-authorized");
      const { stores, deliver, device, http, logger } = await setup({ xmpp, jid: JID_A });
      const recorded: string[] = [];
      const record = stores.devices.recordConnectionRequest.bind(stores.devices);
      stores.devices.recordConnectionRequest = async (id, status) => {
        recorded.push(`${status.method}:${status.outcome}:${status.detail ?? ""}`);
        await record(id, status);
      };

      // Act
      await deliver({ deviceId: "dev-a" });

      // Assess
      assert.equal(http.calls.length, 1);
      assert.deepEqual(recorded, [
        "xmpp:fallback:xmpp not-authorized: connection-request credentials mismatch",
        "http:delivered:http 204; after xmpp not-authorized: connection-request credentials mismatch",
      ]);
      const last = (await device())?.lastConnectionRequest;
      assert.match(last?.detail ?? "", /credentials mismatch/);
      assert.deepEqual(
        last?.attempts?.map(({ method, outcome }) => `${method}:${outcome}`),
        ["xmpp:failed", "http:delivered"],
      );
      assert.doesNotMatch(logger.text(), new RegExp(CR.password));
    });

    it("goes straight to HTTP when the device has no Jabber ID", async () => {
      // Prepare
      const xmpp = fakeXmpp("delivered");
      const { deliver, http, device } = await setup({ xmpp });

      // Act
      await deliver({ deviceId: "dev-a" });

      // Assess
      assert.equal(xmpp.calls.length, 0);
      assert.equal(http.calls.length, 1);
      assert.equal((await device())?.lastConnectionRequest?.method, "http");
    });

    it("goes straight to HTTP when XMPP is off, even for a device with a Jabber ID", async () => {
      // Prepare
      const { deliver, http, device } = await setup({ xmpp: undefined, jid: JID_A });

      // Act
      await deliver({ deviceId: "dev-a" });

      // Assess
      assert.equal(http.calls.length, 1);
      assert.equal((await device())?.lastConnectionRequest?.outcome, "delivered");
    });
  });

  describe("HTTP outcomes (TR-069 3.2.2)", () => {
    const failures: HttpCrOutcome[] = [
      { kind: "auth-failed", status: 401, reason: "rejected", latencyMs: 3 },
      { kind: "unreachable", reason: "connection-refused", latencyMs: 3 },
      { kind: "refused-url", reason: "loopback", latencyMs: 0 },
      { kind: "redirect-refused", status: 302, latencyMs: 3 },
      { kind: "unexpected-status", status: 500, latencyMs: 3 },
    ];
    for (const outcome of failures) {
      it(`records failed and deletes on ${outcome.kind}`, async () => {
        // Prepare
        const { deliver, device, metrics } = await setup({ http: fakeHttp(outcome) });

        // Act
        const disposition = await deliver({ deviceId: "dev-a" });

        // Assess
        assert.deepEqual(disposition, { kind: "delete" });
        const last = (await device())?.lastConnectionRequest;
        assert.equal(last?.outcome, "failed");
        assert.match(last?.detail ?? "", new RegExp(`^http ${outcome.kind}`));
        assert.equal(metrics.total("CrFailed"), 1);
      });
    }

    it("records failed when neither a Jabber ID nor a ConnectionRequestURL is known", async () => {
      // Prepare
      const { deliver, device, http } = await setup({ url: "" });

      // Act
      const disposition = await deliver({ deviceId: "dev-a" });

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      assert.equal(http.calls.length, 0);
      const last = (await device())?.lastConnectionRequest;
      assert.deepEqual([last?.method, last?.outcome], ["none", "failed"]);
    });

    it("retries a busy CPE later with exponential back-off by receive count", async () => {
      // Prepare
      const { deliver, device, metrics } = await setup({ http: fakeHttp(httpBusy()) });

      // Act
      const first = await deliver({ deviceId: "dev-a" }, 1);
      const third = await deliver({ deviceId: "dev-a" }, 3);

      // Assess: base 5 s, attempt 3 -> ceiling 20 s, jitter 0.5 -> 15 s
      assert.deepEqual(first, { kind: "retry", delaySeconds: 4, reason: "cpe-busy" });
      assert.deepEqual(third, { kind: "retry", delaySeconds: 15, reason: "cpe-busy" });
      assert.equal((await device())?.lastConnectionRequest?.outcome, "retry-scheduled");
      assert.equal(metrics.total("CrRetryScheduled"), 2);
    });

    it("never retries a busy CPE earlier than its Retry-After", async () => {
      // Prepare
      const { deliver } = await setup({ http: fakeHttp(httpBusy(120)) });

      // Act
      const disposition = await deliver({ deviceId: "dev-a" });

      // Assess
      assert.deepEqual(disposition, { kind: "retry", delaySeconds: 120, reason: "cpe-busy" });
    });

    it("gives up on a busy CPE after the last attempt: records failed and deletes", async () => {
      // Prepare
      const { deliver, device } = await setup({ http: fakeHttp(httpBusy()) });

      // Act
      const disposition = await deliver({ deviceId: "dev-a" }, 4);

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      const last = (await device())?.lastConnectionRequest;
      assert.equal(last?.outcome, "failed");
      assert.match(last?.detail ?? "", /still busy after 4 attempts/);
    });

    it("gives up on a busy CPE when the retry would land past notAfter", async () => {
      // Prepare
      const { deliver, device } = await setup({ http: fakeHttp(httpBusy(60)) });

      // Act
      const disposition = await deliver({ deviceId: "dev-a", notAfter: t0 + 30_000 });

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      assert.match((await device())?.lastConnectionRequest?.detail ?? "", /past notAfter/);
    });
  });

  describe("de-duplication and expiry", () => {
    it("skips a device whose session lease is live, without a wake-up", async () => {
      // Prepare
      const xmpp = fakeXmpp("delivered");
      const { deliver, http, metrics, device } = await setup({ xmpp, jid: JID_A, inSession: true });

      // Act
      const disposition = await deliver({ deviceId: "dev-a" });

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      assert.equal(xmpp.calls.length + http.calls.length, 0);
      assert.equal(metrics.total("CrSkipped", { Reason: "in-session" }), 1);
      assert.equal((await device())?.lastConnectionRequest, undefined);
    });

    it("skips a device woken within the window and wakes it again after the window", async () => {
      // Prepare
      const { deliver, http, metrics, advance } = await setup();
      await deliver({ deviceId: "dev-a" });

      // Act
      advance(9_999);
      const within = await deliver({ deviceId: "dev-a" });
      advance(1);
      const after = await deliver({ deviceId: "dev-a" });

      // Assess
      assert.deepEqual([within, after], [{ kind: "delete" }, { kind: "delete" }]);
      assert.equal(http.calls.length, 2);
      assert.equal(metrics.total("CrSkipped", { Reason: "recently-woken" }), 1);
    });

    it("wakes a device again within the window once the woken session has ended", async () => {
      // Prepare: delivered at t0, then the session it opened ran and ended.
      const { stores, deliver, http, advance } = await setup();
      await deliver({ deviceId: "dev-a" });
      advance(2_000);
      await seedDevice(stores.devices, {
        deviceId: "dev-a",
        connectionRequestUrl: URL_A,
        at: t0 + 500,
      });

      // Act
      const again = await deliver({ deviceId: "dev-a" });

      // Assess
      assert.deepEqual(again, { kind: "delete" });
      assert.equal(
        http.calls.length,
        2,
        "the woken session is over: a new task needs a new wake-up",
      );
    });

    it("does not de-duplicate after a failed attempt", async () => {
      // Prepare
      const unreachable: HttpCrOutcome = {
        kind: "unreachable",
        reason: "connect-timeout",
        latencyMs: 1,
      };
      const { deliver, http } = await setup({ http: fakeHttp(unreachable, httpDelivered) });
      await deliver({ deviceId: "dev-a" });

      // Act
      await deliver({ deviceId: "dev-a" });

      // Assess
      assert.equal(http.calls.length, 2);
    });

    it("drops an expired request with outcome expired recorded, without a wake-up", async () => {
      // Prepare
      const { deliver, http, device, metrics } = await setup();

      // Act
      const disposition = await deliver({
        deviceId: "dev-a",
        notAfter: new Date(t0).toISOString(),
      });

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      assert.equal(http.calls.length, 0);
      const last = (await device())?.lastConnectionRequest;
      assert.deepEqual([last?.method, last?.outcome], ["none", "expired"]);
      assert.equal(metrics.total("CrExpired"), 1);
    });

    it("drops a request for an unknown device with a logged reason (not dead-lettered)", async () => {
      // Prepare
      const { deliver, http, logger } = await setup();

      // Act
      const disposition = await deliver({ deviceId: "nobody" });

      // Assess
      assert.deepEqual(disposition, { kind: "delete" });
      assert.equal(http.calls.length, 0);
      assert.ok(logger.entries.some((e) => e.message.includes("unknown device")));
    });
  });

  describe("invalid messages", () => {
    for (const [name, body] of [
      ["not JSON", "{deviceId:"],
      ["no deviceId", JSON.stringify({ reason: "x" })],
      ["a bad date", JSON.stringify({ deviceId: "dev-a", notAfter: "tomorrow" })],
    ] as const) {
      it(`dead-letters a message with ${name}, naming the reason`, async () => {
        // Prepare
        const { deliver, http, metrics } = await setup();

        // Act
        const disposition = await deliver(body);

        // Assess
        assert.equal(disposition.kind, "dead-letter");
        assert.ok(disposition.kind === "dead-letter" && disposition.reason.length > 0);
        assert.equal(http.calls.length, 0);
        assert.equal(metrics.total("CrDeadLettered"), 1);
      });
    }

    it("lets a store failure propagate so the poller retries the message", async () => {
      // Prepare
      const { stores, deliver } = await setup();
      stores.devices.getDevice = async () => {
        throw new Error("table unavailable");
      };

      // Act / Assess
      await assert.rejects(deliver({ deviceId: "dev-a" }), /table unavailable/);
    });
  });
});
