import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { silentLogger } from "../../functions/adapters/log/silent-logger.ts";
import {
  type ServedHandler,
  type ServeHandlerOptions,
  serveHandler,
} from "../../functions/local/serve-handler.ts";
import {
  openRawHttpConnection,
  postHead,
  type RawHttpConnection,
} from "../support/raw-http-connection.ts";

/**
 * The local server against slow and hostile clients on raw loopback sockets.
 * Timeouts are small; the tests assert outcomes (408, 413, 401, closed, served),
 * never how long anything took.
 */
describe("serveHandler", () => {
  const open: RawHttpConnection[] = [];
  let served: ServedHandler | undefined;
  afterEach(async () => {
    for (const connection of open.splice(0)) connection.destroy();
    await served?.close();
    served = undefined;
  });

  /** A server whose handler records each event and answers 200 with the body's length. */
  async function start(options: Partial<ServeHandlerOptions> = {}) {
    const events: APIGatewayProxyEventV2[] = [];
    served = await serveHandler({
      host: "127.0.0.1",
      port: 0,
      logger: silentLogger,
      drainMs: 100,
      handler: async (event) => {
        events.push(event);
        const body = Buffer.from(event.body ?? "", "base64").toString();
        return { statusCode: 200, body: `got ${body.length}` };
      },
      ...options,
    });
    return { url: served.url, events };
  }
  async function connection(url: string) {
    const opened = await openRawHttpConnection(url);
    open.push(opened);
    return opened;
  }
  const post = (url: string, body = "hi", headers: Record<string, string> = {}) =>
    fetch(url, { method: "POST", body, headers });

  describe("request timeouts", () => {
    it("answers 408 and closes a connection that stalls in its headers, serving others meanwhile", async () => {
      // Prepare
      const { url } = await start({ timeouts: { headersMs: 300, requestMs: 10_000 } });
      const stalled = await connection(url);
      stalled.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");

      // Act
      const meanwhile = await post(url, "hello");
      const cutOff = await stalled.response();
      await stalled.closed();

      // Assess
      assert.equal(meanwhile.status, 200);
      assert.equal(await meanwhile.text(), "got 5");
      assert.equal(cutOff.status, 408);
    });

    it("answers 408 and closes a connection that opens and sends nothing", async () => {
      // Prepare
      const { url } = await start({ timeouts: { headersMs: 300, requestMs: 10_000 } });

      // Act
      const silent = await connection(url);
      const cutOff = await silent.response();
      await silent.closed();

      // Assess
      assert.equal(cutOff.status, 408);
    });

    it("answers 408 and closes a connection whose body stalls, without calling the handler", async () => {
      // Prepare
      const { url, events } = await start({ timeouts: { headersMs: 200, requestMs: 400 } });
      const stalled = await connection(url);

      // Act
      stalled.send(`${postHead("/", { "content-length": "100" })}only part of it`);
      const cutOff = await stalled.response();
      await stalled.closed();

      // Assess
      assert.equal(cutOff.status, 408);
      assert.equal(events.length, 0);
    });
  });

  describe("load shedding", () => {
    it("does not count stalled bodies against maxInFlight", async () => {
      // Prepare: twice the limit of connections, each with its headers in and its body stalled.
      const maxInFlight = 4;
      const { url } = await start({
        timeouts: { headersMs: 10_000, requestMs: 20_000 },
        shed: { maxInFlight, sheddable: () => true },
      });
      const stalls = await Promise.all(
        Array.from({ length: maxInFlight * 2 }, () => connection(url)),
      );
      for (const stall of stalls) stall.send(`${postHead("/", { "content-length": "50" })}part`);

      // Act
      const real = await post(url, "real work");

      // Assess
      assert.equal(real.status, 200);
      assert.equal(await real.text(), "got 9");
      assert.ok(
        stalls.every((stall) => !stall.isClosed() && stall.received() === ""),
        "the stalled connections are still waiting",
      );
    });

    it("still sheds once maxInFlight admitted requests are in the handler", async () => {
      // Prepare: handlers that wait until released.
      const maxInFlight = 2;
      const release: (() => void)[] = [];
      const { url } = await start({
        handler: () => new Promise((resolve) => release.push(() => resolve({ statusCode: 204 }))),
        shed: { maxInFlight, sheddable: () => true },
      });
      const busy = [post(url), post(url)];
      while (release.length < maxInFlight) await new Promise((r) => setTimeout(r, 10));

      // Act
      const shed = await post(url);

      // Assess
      assert.equal(shed.status, 503);
      assert.ok(shed.headers.get("retry-after"));
      for (const done of release) done();
      assert.deepEqual(
        (await Promise.all(busy)).map((r) => r.status),
        [204, 204],
      );
    });
  });

  describe("session bound", () => {
    // A session's later requests carry its cookie; only openings are shed, as for CWMP.
    const sessionShed = (maxSessions: number) => ({
      maxInFlight: 1_000,
      maxSessions,
      sheddable: (request: { headers: { cookie?: string } }) =>
        request.headers.cookie === undefined,
      endsSession: (statusCode: number) => statusCode === 204,
    });
    /** A request of `body` on a raw connection: an opening, or with `cookie` a later exchange. */
    const exchange = (body: string, cookie?: string) =>
      `${postHead("/", { "content-length": String(body.length), ...(cookie && { cookie }) })}${body}`;

    it("answers a new session 503 + Retry-After while the bound's sessions wait between exchanges, on a connection that stays open", async () => {
      // Prepare: two sessions opened and idle between their exchanges (no request in flight).
      const { url } = await start({ shed: sessionShed(2) });
      const sessions = [await connection(url), await connection(url)];
      for (const session of sessions) session.send(exchange("inform"));
      for (const session of sessions) assert.equal((await session.response()).status, 200);

      // Act
      const third = await connection(url);
      third.send(exchange("inform"));
      const refused = await third.response();

      // Assess
      assert.equal(refused.status, 503);
      assert.match(refused.headers["retry-after"] ?? "", /^[1-5]$/);
      assert.equal(third.isClosed(), false, "shed, not dropped: the connection stays usable");
      sessions[0]?.send(exchange("", "sid=a"));
      assert.equal((await sessions[0]?.response(2))?.status, 200, "sessions under way go on");
    });

    it("frees the slot when the session's connection closes, or when an answer ends the session", async () => {
      // Prepare: one slot; the handler ends the session (204) on an empty exchange.
      const { url } = await start({
        shed: sessionShed(1),
        handler: async (event) => ({ statusCode: event.body ? 200 : 204 }),
      });
      const first = await connection(url);
      first.send(exchange("inform"));
      await first.response();
      const waiting = await connection(url);
      waiting.send(exchange("inform"));
      const whileOpen = await waiting.response();

      // Act: the first session ends with 204 but keeps its connection; the waiting CPE retries.
      first.send(exchange("", "sid=a"));
      const ended = await first.response(2);
      waiting.send(exchange("inform"));
      const afterEnd = await waiting.response(2);
      // ... and that session's connection closes without an ending answer (the server hears
      // of it a moment later: retried until then, bounded by the test's timeout).
      waiting.destroy();
      let afterClose = await post(url, "inform");
      while (afterClose.status === 503) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        afterClose = await post(url, "inform");
      }

      // Assess
      assert.deepEqual(
        [whileOpen.status, ended.status, afterEnd.status, afterClose.status],
        [503, 204, 200, 200],
      );
    });

    it("sheds before the admission check, so a refused opening costs no store read", async () => {
      // Prepare: one session under way; the admission check counts its calls.
      let admitted = 0;
      const { url } = await start({
        shed: sessionShed(1),
        admit: async () => {
          admitted += 1;
          return { admitted: undefined as never };
        },
      });
      const first = await connection(url);
      first.send(exchange("inform"));
      await first.response();

      // Act
      const shed = await post(url, "inform");

      // Assess
      assert.equal(shed.status, 503);
      assert.equal(admitted, 1, "only the first opening was checked");
    });
  });

  describe("body bounds", () => {
    it("answers 413 to an over-limit Content-Length before the body is sent, and closes", async () => {
      // Prepare
      const { url, events } = await start({ maxBodyBytes: 1_000 });
      const client = await connection(url);

      // Act: headers only; the body is never sent.
      client.send(postHead("/", { "content-length": "5000" }));
      const answer = await client.response();
      await client.closed();

      // Assess
      assert.equal(answer.status, 413);
      assert.equal(events.length, 0);
    });

    it("cuts a chunked body off at the limit with 413 and closes", async () => {
      // Prepare
      const { url, events } = await start({ maxBodyBytes: 1_000 });
      const client = await connection(url);
      const chunk = `${(600).toString(16)}\r\n${"x".repeat(600)}\r\n`;

      // Act: two chunks make 1,200 bytes; the stream never ends.
      client.send(`${postHead("/", { "transfer-encoding": "chunked" })}${chunk}${chunk}`);
      const answer = await client.response();
      await client.closed();

      // Assess
      assert.equal(answer.status, 413);
      assert.equal(events.length, 0);
    });

    it("serves a body at the limit", async () => {
      // Prepare
      const { url } = await start({ maxBodyBytes: 1_000 });

      // Act
      const response = await post(url, "x".repeat(1_000));

      // Assess
      assert.equal(response.status, 200);
      assert.equal(await response.text(), "got 1000");
    });
  });
});
