import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { silentLogger } from "../../functions/adapters/log/silent-logger.ts";
import { drainableBodyBytes } from "../../functions/local/answer-before-body.ts";
import {
  type AdmitHook,
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
 * The admission hook: it sees the headers before a byte of the body is read;
 * a refused request is answered at once, its body never reaches the handler,
 * and the connection is left clean (drained when small, closed otherwise).
 */
describe("serveHandler admission", () => {
  const open: RawHttpConnection[] = [];
  let served: ServedHandler | undefined;
  afterEach(async () => {
    for (const connection of open.splice(0)) connection.destroy();
    await served?.close();
    served = undefined;
  });

  /** Admits requests carrying `authorization: let-me-in`; refuses others with 401. */
  async function start(options: Partial<ServeHandlerOptions<string>> = {}) {
    const heads: APIGatewayProxyEventV2[] = [];
    const events: APIGatewayProxyEventV2[] = [];
    const admit: AdmitHook<string> = async (head) => {
      heads.push(head);
      if (head.headers.authorization === "let-me-in") return { admitted: "friend" };
      return {
        refuse: {
          statusCode: 401,
          headers: { "www-authenticate": 'Digest realm="test"' },
          body: "who are you",
        },
      };
    };
    served = await serveHandler({
      host: "127.0.0.1",
      port: 0,
      logger: silentLogger,
      drainMs: 100,
      admit,
      handler: async (event, admitted) => {
        events.push(event);
        const body = Buffer.from(event.body ?? "", "base64").toString();
        return { statusCode: 200, body: `got ${body} from ${admitted}` };
      },
      ...options,
    });
    const connection = async () => {
      const opened = await openRawHttpConnection(served?.url ?? "");
      open.push(opened);
      return opened;
    };
    return { url: served.url, heads, events, connection };
  }

  it("answers a refused request from its headers alone, without waiting for its body", async () => {
    // Prepare
    const { heads, events, connection } = await start();
    const client = await connection();

    // Act: headers only; the 100 declared bytes are never sent.
    client.send(postHead("/cwmp?x=1", { "content-length": "100", cookie: "a=1; b=2" }));
    const answer = await client.response();

    // Assess
    assert.equal(answer.status, 401);
    assert.equal(answer.headers["www-authenticate"], 'Digest realm="test"');
    assert.equal(events.length, 0);
    const [head] = heads;
    assert.equal(head?.body, undefined);
    assert.equal(head?.rawPath, "/cwmp");
    assert.equal(head?.requestContext.http.method, "POST");
    assert.deepEqual(head?.cookies, ["a=1", "b=2"]);
  });

  it("keeps the connection usable after a refusal with a small body", async () => {
    // Prepare
    const { events, connection } = await start();
    const client = await connection();
    client.send(postHead("/", { "content-length": "5" }));
    assert.equal((await client.response(1)).status, 401);

    // Act: the refused body, then the retry with credentials on the same connection.
    client.send("first");
    client.send(`${postHead("/", { "content-length": "6", authorization: "let-me-in" })}second`);
    const retried = await client.response(2);

    // Assess
    assert.equal(retried.status, 200);
    assert.equal(retried.body, "got second from friend");
    assert.equal(events.length, 1);
    assert.equal(client.isClosed(), false);
  });

  it("closes the connection after refusing a large or chunked body", async () => {
    // Prepare
    const { connection } = await start();
    const large = await connection();
    const chunked = await connection();

    // Act
    large.send(postHead("/", { "content-length": String(drainableBodyBytes + 1) }));
    chunked.send(`${postHead("/", { "transfer-encoding": "chunked" })}5\r\nhello\r\n`);
    const answers = [await large.response(), await chunked.response()];
    await Promise.all([large.closed(), chunked.closed()]);

    // Assess
    assert.deepEqual(
      answers.map((a) => [a.status, a.headers.connection]),
      [
        [401, "close"],
        [401, "close"],
      ],
    );
  });

  it("passes an admitted request on with its body, under the request id the check saw", async () => {
    // Prepare
    const { url, heads, events } = await start();

    // Act
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: "let-me-in" },
      body: "payload",
    });

    // Assess
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "got payload from friend", "what admit learned");
    assert.equal(events[0]?.requestContext.requestId, heads[0]?.requestContext.requestId);
  });

  it("sends 100 Continue only once the request is admitted", async () => {
    // Prepare
    const { connection } = await start();
    const refused = await connection();
    const admitted = await connection();
    const expect = { "content-length": "4", expect: "100-continue" };

    // Act
    refused.send(postHead("/", expect));
    admitted.send(postHead("/", { ...expect, authorization: "let-me-in" }));
    const refusal = await refused.response();
    await waitForText(admitted, "100 Continue");
    admitted.send("body");
    const answer = await admitted.response();

    // Assess
    assert.equal(refusal.status, 401);
    assert.doesNotMatch(refused.received(), /100 Continue/);
    assert.equal(answer.body, "got body from friend");
  });

  it("counts no request against the shedding limit while its admission is under way", async () => {
    // Prepare: one slot; admission checks that hang until released.
    const pending: (() => void)[] = [];
    const { url, connection } = await start({
      shed: { maxInFlight: 1, sheddable: () => true },
      admit: (head) =>
        head.headers.authorization === "let-me-in"
          ? Promise.resolve({ admitted: "friend" })
          : new Promise((resolve) => pending.push(() => resolve({ refuse: { statusCode: 401 } }))),
    });
    const waiting = await Promise.all(Array.from({ length: 5 }, () => connection()));
    for (const client of waiting) client.send(postHead("/", { "content-length": "10" }));
    while (pending.length < waiting.length) await new Promise((r) => setTimeout(r, 10));

    // Act
    const response = await fetch(url, { method: "POST", headers: { authorization: "let-me-in" } });

    // Assess
    assert.equal(response.status, 200);
    for (const release of pending) release();
    const refusals = await Promise.all(waiting.map((client) => client.response()));
    assert.ok(refusals.every((refusal) => refusal.status === 401));
  });
});

async function waitForText(connection: RawHttpConnection, text: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!connection.received().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in ${connection.received()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
