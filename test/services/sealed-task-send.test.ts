import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import { sealTaskSecrets } from "../../functions/tasks/task-secrets.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";

const serial = "SEAL1";
const deviceId = `00D09E-HGW-${serial}`;
const psk = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";

function inform(eventCode: string): CpeMessage {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: [{ eventCode, commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-12-01T12:00:00Z",
    retryCount: 0,
    parameterList: [],
  };
}

/** A registered device with one SPV task whose passphrase was sealed with another key. */
async function deviceWithForeignSealedTask(acs: MemorySession) {
  const registered = await acs.post(inform("0 BOOTSTRAP"));
  await acs.post(null, registered.cookie);
  const foreign = { policy: builtInSecretPolicy, sealer: createAesGcmSealer(randomBytes(32)) };
  const spec = sealTaskSecrets(foreign, {
    name: "setParameterValues",
    parameterValues: [[psk, "old-key-secret"]],
  });
  const now = acs.clock.now();
  await acs.stores.tasks.createTask(
    newTask({ id: "T1", deviceId, spec, now, defaults: builtInTaskDefaults }),
  );
}

describe("a task whose sealed values cannot be opened", () => {
  it("ends faulted without a send, saying why, and the session goes on", async () => {
    // Prepare: this ACS has a different key than the one that sealed the task
    const acs = memorySession({
      taskSecrets: { policy: builtInSecretPolicy, sealer: createAesGcmSealer(randomBytes(32)) },
    });
    await deviceWithForeignSealedTask(acs);

    // Act
    const informed = await acs.post(inform("2 PERIODIC"));
    const floor = await acs.post(null, informed.cookie);

    // Assess
    assert.equal(floor.status, 204, "nothing sent");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "faulted");
    assert.match(task?.reason ?? "", /ACS_SECRETS_KEY/);
    assert.equal(task?.attempts, 0);
    assert.ok(acs.events.some((e) => e.type === "TaskFaulted"));
    assert.ok(acs.logs.some((l) => l.level === "error" && l.fields.taskId === "T1"));
  });
});
