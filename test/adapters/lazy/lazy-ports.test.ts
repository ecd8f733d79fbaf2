import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  lazyConnectionRequestQueue,
  lazyEventSink,
  lazyFileContent,
} from "../../../functions/adapters/lazy/lazy-ports.ts";
import type { ConnectionRequestMessage } from "../../../functions/messages/connection-request-message.ts";
import type {
  AcsEvent,
  ConnectionRequestQueue,
  EventSink,
  FileContent,
} from "../../../functions/ports.ts";

const message = { deviceId: "00D09E-HGW-S1" } as unknown as ConnectionRequestMessage;
const booted: AcsEvent = {
  type: "DeviceBooted",
  deviceId: "00D09E-HGW-S1",
  at: 1_700_000_000_000,
  events: ["1 BOOT"],
};

function countingQueue() {
  const sent: ConnectionRequestMessage[] = [];
  let builds = 0;
  const create = async (): Promise<ConnectionRequestQueue> => {
    builds += 1;
    return { send: async (m) => void sent.push(m) };
  };
  return { create, sent, builds: () => builds };
}

describe("lazy ports", () => {
  it("builds no queue adapter until the first send, then one for every send", async () => {
    // Prepare
    const adapter = countingQueue();
    const queue = lazyConnectionRequestQueue(adapter.create);
    const buildsBeforeUse = adapter.builds();

    // Act
    await queue.send(message);
    await queue.send(message);

    // Assess
    assert.equal(buildsBeforeUse, 0);
    assert.equal(adapter.builds(), 1);
    assert.deepEqual(adapter.sent, [message, message]);
  });

  it("builds the adapter once when the first sends are concurrent", async () => {
    // Prepare
    const adapter = countingQueue();
    const queue = lazyConnectionRequestQueue(adapter.create);

    // Act
    await Promise.all([queue.send(message), queue.send(message), queue.send(message)]);

    // Assess
    assert.equal(adapter.builds(), 1);
    assert.equal(adapter.sent.length, 3);
  });

  it("tries the build again after a failed one", async () => {
    // Prepare
    let attempts = 0;
    const published: AcsEvent[][] = [];
    const sink = lazyEventSink(async (): Promise<EventSink> => {
      attempts += 1;
      if (attempts === 1) throw new Error("module failed to load");
      return { publish: async (events) => void published.push([...events]) };
    });

    // Act
    const first = sink.publish([booted]);
    await assert.rejects(first, /module failed to load/);
    await sink.publish([booted]);

    // Assess
    assert.equal(attempts, 2);
    assert.deepEqual(published, [[booted]]);
  });

  it("builds no event adapter for an empty batch (a periodic Inform publishes nothing)", async () => {
    // Prepare
    let builds = 0;
    const published: AcsEvent[][] = [];
    const sink = lazyEventSink(async (): Promise<EventSink> => {
      builds += 1;
      return { publish: async (events) => void published.push([...events]) };
    });

    // Act
    await sink.publish([]);
    await sink.publish([]);
    const buildsAfterEmpty = builds;
    await sink.publish([booted]);

    // Assess
    assert.equal(buildsAfterEmpty, 0);
    assert.equal(builds, 1);
    assert.deepEqual(published, [[booted]]);
  });

  it("passes every file-content call to the adapter built on first use", async () => {
    // Prepare
    const calls: string[] = [];
    let builds = 0;
    const content = lazyFileContent(async (): Promise<FileContent> => {
      builds += 1;
      return {
        uploadTarget: async (id) => {
          calls.push(`uploadTarget ${id}`);
          return { url: "u", method: "PUT", headers: {}, expiresAt: 1 };
        },
        downloadUrl: async (id) => {
          calls.push(`downloadUrl ${id}`);
          return `https://files.example/${id}`;
        },
        head: async (id) => {
          calls.push(`head ${id}`);
          return undefined;
        },
        delete: async (id) => void calls.push(`delete ${id}`),
      };
    });
    const buildsBeforeUse = builds;

    // Act
    const url = await content.downloadUrl("f1", { expiresInSeconds: 60 });
    await content.uploadTarget("f2", {});
    const head = await content.head("f3");
    await content.delete("f4");

    // Assess
    assert.equal(buildsBeforeUse, 0);
    assert.equal(builds, 1);
    assert.equal(url, "https://files.example/f1");
    assert.equal(head, undefined);
    assert.deepEqual(calls, ["downloadUrl f1", "uploadTarget f2", "head f3", "delete f4"]);
  });
});
