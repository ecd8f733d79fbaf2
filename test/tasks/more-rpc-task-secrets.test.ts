import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { taskSpecView } from "../../functions/api/views.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { rpcForTask } from "../../functions/core/session/task-rpc.ts";
import {
  SecretsKeyMissingError,
  sealTaskSecrets,
  taskSecretOpener,
} from "../../functions/tasks/task-secrets.ts";
import { runningTask } from "../support/running-task.ts";

const secrets = () => ({
  policy: builtInSecretPolicy,
  sealer: createAesGcmSealer(randomBytes(32)),
});

const changeDuState: TaskSpec = {
  name: "changeDUState",
  operations: [
    { type: "install", url: "https://apps.example.com/a.ipk", username: "u", password: "pw-1" },
    { type: "uninstall", uuid: "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10" },
  ],
};

describe("transfer passwords of ChangeDUState and ScheduleDownload", () => {
  it("seals a DU install's password, sends it in clear, and never shows it", () => {
    // Prepare
    const taskSecrets = secrets();
    // Act
    const sealed = sealTaskSecrets(taskSecrets, changeDuState);
    const rpc = rpcForTask(runningTask(sealed, 0), taskSecretOpener(taskSecrets));
    const view = JSON.stringify(taskSpecView(sealed, builtInSecretPolicy));
    // Assess
    assert.doesNotMatch(JSON.stringify(sealed), /pw-1/);
    assert.ok(rpc.method === "ChangeDUState");
    assert.equal(
      rpc.operations[0]?.operation === "InstallOpStruct" && rpc.operations[0].password,
      "pw-1",
    );
    assert.equal(rpc.commandKey, "T1");
    assert.doesNotMatch(view, /pw-1|sealedPassword/);
    assert.match(view, /"password":"\*\*\*\*\*\*\*\*"/);
  });

  it("refuses a ScheduleDownload password without a sealing key", () => {
    const spec: TaskSpec = {
      name: "scheduleDownload",
      fileType: "1 Firmware Upgrade Image",
      url: "https://files.example.com/fw.bin",
      password: "pw-2",
      timeWindows: [{ windowStart: 0, windowEnd: 60, windowMode: "1 At Any Time" }],
    };
    assert.throws(
      () => sealTaskSecrets({ policy: builtInSecretPolicy }, spec),
      SecretsKeyMissingError,
    );
  });
});
