import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { startKeepAlive } from "../../../functions/adapters/xmpp/keep-alive.ts";

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe("startKeepAlive", () => {
  it("pings once per interval while the server answers", async () => {
    // Prepare
    mock.timers.enable({ apis: ["setTimeout"] });
    let pings = 0;
    const stop = startKeepAlive({
      intervalMs: 1_000,
      ping: async () => {
        pings += 1;
        return true;
      },
      onDead: () => assert.fail("not dead"),
    });
    try {
      // Act
      for (let i = 0; i < 3; i++) {
        mock.timers.tick(1_000);
        await flush();
      }
      // Assess
      assert.equal(pings, 3);
    } finally {
      stop();
      mock.timers.reset();
    }
  });

  it("reports a dead stream once and stops pinging", async () => {
    // Prepare
    mock.timers.enable({ apis: ["setTimeout"] });
    let pings = 0;
    let dead = 0;
    startKeepAlive({
      intervalMs: 1_000,
      ping: async () => {
        pings += 1;
        return false;
      },
      onDead: () => {
        dead += 1;
      },
    });
    try {
      // Act
      for (let i = 0; i < 3; i++) {
        mock.timers.tick(1_000);
        await flush();
      }
      // Assess
      assert.deepEqual({ pings, dead }, { pings: 1, dead: 1 });
    } finally {
      mock.timers.reset();
    }
  });

  it("stop() cancels the next ping", async () => {
    // Prepare
    mock.timers.enable({ apis: ["setTimeout"] });
    let pings = 0;
    const stop = startKeepAlive({
      intervalMs: 1_000,
      ping: async () => {
        pings += 1;
        return true;
      },
      onDead: () => {},
    });
    try {
      // Act
      stop();
      mock.timers.tick(5_000);
      await flush();
      // Assess
      assert.equal(pings, 0);
    } finally {
      mock.timers.reset();
    }
  });
});
