import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createInFlightMessages } from "../../../functions/adapters/sqs/in-flight-messages.ts";
import type { ReceivedMessage } from "../../../functions/adapters/sqs/sqs-message-actions.ts";

const message = (receiptHandle: string): ReceivedMessage => ({
  messageId: `id-${receiptHandle}`,
  receiptHandle,
  body: "",
  receiveCount: 1,
});

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("createInFlightMessages", () => {
  it("counts tracked work until it settles, then records the settle time", async () => {
    // Prepare
    const inFlight = createInFlightMessages({ clock: { now: () => 7 } });
    const work = deferred();
    // Act
    inFlight.track(message("r1"), work.promise);
    const sizeWhileRunning = inFlight.size;
    work.resolve();
    await inFlight.allSettled();
    // Assess
    assert.equal(sizeWhileRunning, 1);
    assert.equal(inFlight.size, 0);
    assert.equal(inFlight.lastSettledAt, 7);
  });

  it("wakes the slot waiter when a message settles", async () => {
    // Prepare
    const inFlight = createInFlightMessages({ clock: { now: () => 0 } });
    const work = deferred();
    inFlight.track(message("r1"), work.promise);
    const freed = inFlight.slotFreed();
    // Act
    work.resolve();
    await freed;
    // Assess
    assert.equal(inFlight.size, 0);
  });

  it("wakes the slot waiter on wake() with the work still in flight", async () => {
    // Prepare
    const inFlight = createInFlightMessages({ clock: { now: () => 0 } });
    inFlight.track(message("r1"), deferred().promise);
    const freed = inFlight.slotFreed();
    // Act
    inFlight.wake();
    await freed;
    // Assess
    assert.equal(inFlight.size, 1);
    assert.equal(inFlight.lastSettledAt, undefined);
  });

  it("allSettled also waits for work tracked while it was waiting", async () => {
    // Prepare
    const inFlight = createInFlightMessages({ clock: { now: () => 0 } });
    const first = deferred();
    const second = deferred();
    inFlight.track(message("r1"), first.promise);
    let settled = false;
    const all = inFlight.allSettled().then(() => {
      settled = true;
    });
    // Act
    inFlight.track(message("r2"), second.promise);
    first.resolve();
    await first.promise;
    await new Promise((r) => setImmediate(r));
    const settledBeforeSecond = settled;
    second.resolve();
    await all;
    // Assess
    assert.equal(settledBeforeSecond, false);
    assert.equal(inFlight.size, 0);
  });
});
