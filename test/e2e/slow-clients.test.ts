import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import {
  openRawHttpConnection,
  postHead,
  type RawHttpConnection,
} from "../support/raw-http-connection.ts";
import { until } from "../support/until.ts";

/**
 * Slow clients against the local ACS as `npm start` runs it: connections
 * that stall in their body take no slot of ACS_MAX_IN_FLIGHT, so a real CPE
 * still completes its session, and a connection that stalls in its headers is
 * answered 408 and closed after ACS_HEADERS_TIMEOUT_SECONDS.
 */
const maxInFlight = 4;

describe("local ACS with slow clients", { timeout: 60_000 }, () => {
  let acs: LocalAcsHarness;
  const stalls: RawHttpConnection[] = [];
  let cpe: SimulatedCpe | undefined;
  before(async () => {
    acs = await startLocalAcsHarness({
      ACS_MAX_IN_FLIGHT: String(maxInFlight),
      ACS_HEADERS_TIMEOUT_SECONDS: "1",
      ACS_REQUEST_TIMEOUT_SECONDS: "60",
    });
  });
  after(async () => {
    for (const stall of stalls) stall.destroy();
    await cpe?.stop();
    await acs?.stop();
  });

  it("completes a CPE's session while stalled bodies hold more connections than the limit", async () => {
    // Prepare: three times the limit of Informs whose body never finishes.
    for (let i = 0; i < maxInFlight * 3; i += 1) {
      const stall = await openRawHttpConnection(acs.cwmpUrl);
      stall.send(`${postHead("/", { "content-length": "4000" })}<soap:Envelope`);
      stalls.push(stall);
    }
    cpe = createSimulatedCpe({
      serialNumber: "SLOW0001",
      acsUrl: acs.cwmpUrl,
      connectionRequestUrl: "http://127.0.0.1:9/cr",
      periodicInformIntervalSec: 3600,
      retryMinWaitSec: 1,
    });

    // Act
    cpe.start();
    await until("a completed session", async () =>
      cpe?.sessions().some((s) => s.result.kind === "completed") ? true : undefined,
    );

    // Assess: no 503 on the way, and the stalls were open all along.
    const results = cpe.sessions().map((s) => s.result.kind);
    assert.deepEqual(results, ["completed"]);
    assert.ok(stalls.every((stall) => !stall.isClosed() && stall.received() === ""));
    const device = await acs.api("GET", "/devices?serialPrefix=SLOW");
    assert.equal(device.body.devices.length, 1);
  });

  it("answers 408 and closes a connection that stalls in its headers", async () => {
    // Prepare
    const stall = await openRawHttpConnection(acs.cwmpUrl);
    stalls.push(stall);

    // Act
    stall.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-");
    const answer = await stall.response(1, 10_000);
    await stall.closed();

    // Assess
    assert.equal(answer.status, 408);
  });
});
