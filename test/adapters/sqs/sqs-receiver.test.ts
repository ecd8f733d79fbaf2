import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { silentLogger } from "../../../functions/adapters/log/silent-logger.ts";
import { createSqsReceiver } from "../../../functions/adapters/sqs/sqs-receiver.ts";

// A fake SQS client: each send waits until the test answers it or its abort signal fires.
function fakeClient() {
  const calls: {
    input: unknown;
    signal: AbortSignal | undefined;
    answer: (out: unknown) => void;
  }[] = [];
  const client: Pick<SQSClient, "send"> = {
    send: ((command: { input: unknown }, opts?: { abortSignal?: AbortSignal }) =>
      new Promise((resolve, reject) => {
        const signal = opts?.abortSignal;
        signal?.addEventListener("abort", () => reject(new Error("aborted")));
        calls.push({ input: command.input, signal, answer: (out) => resolve(out as never) });
      })) as Pick<SQSClient, "send">["send"],
  };
  return { client, calls };
}

function receiverWith(client: Pick<SQSClient, "send">, now = 1_000) {
  return createSqsReceiver({
    client,
    queueUrl: "http://sqs.test/q",
    waitTimeSeconds: 20,
    visibilityTimeoutSeconds: 30,
    logger: silentLogger,
    clock: { now: () => now },
  });
}

describe("createSqsReceiver", () => {
  describe("receive", () => {
    it("maps messages, skips ones without a receipt handle, and records the time", async () => {
      // Prepare
      const { client, calls } = fakeClient();
      const receiver = receiverWith(client, 42);
      // Act
      const received = receiver.receive(3);
      calls[0]?.answer({
        Messages: [
          {
            MessageId: "m1",
            ReceiptHandle: "r1",
            Body: "b",
            Attributes: { ApproximateReceiveCount: "2" },
          },
          { MessageId: "m2" },
          { MessageId: "m3", ReceiptHandle: "r3" },
        ],
      });
      // Assess
      assert.deepEqual(await received, [
        { messageId: "m1", receiptHandle: "r1", body: "b", receiveCount: 2 },
        { messageId: "m3", receiptHandle: "r3", body: "", receiveCount: 1 },
      ]);
      const input = calls[0]?.input as { MaxNumberOfMessages?: number } | undefined;
      assert.equal(input?.MaxNumberOfMessages, 3);
      assert.equal(receiver.lastReceiveOkAt, 42);
    });
  });

  describe("abortPending", () => {
    it("aborts the receive under way, which then rejects without a receive time", async () => {
      // Prepare
      const { client, calls } = fakeClient();
      const receiver = receiverWith(client);
      const received = receiver.receive(1);
      // Act
      receiver.abortPending();
      // Assess
      await assert.rejects(received, /aborted/);
      assert.equal(calls[0]?.signal?.aborted, true);
      assert.equal(receiver.lastReceiveOkAt, undefined);
    });

    it("forgets a receive once it settled: a later abort reaches only the next one", async () => {
      // Prepare
      const { client, calls } = fakeClient();
      const receiver = receiverWith(client);
      const first = receiver.receive(1);
      calls[0]?.answer({});
      await first;
      // Act
      receiver.abortPending();
      const second = receiver.receive(1);
      // Assess
      assert.equal(calls[0]?.signal?.aborted, false);
      assert.equal(calls[1]?.signal?.aborted, false);
      receiver.abortPending();
      await assert.rejects(second, /aborted/);
    });
  });
});
