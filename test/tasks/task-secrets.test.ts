import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { rpcForTask } from "../../functions/core/session/task-rpc.ts";
import { SecretUnreadableError } from "../../functions/port-errors.ts";
import {
  MaskedSecretValueError,
  SecretsKeyMissingError,
  sealTaskSecrets,
  taskSecretOpener,
} from "../../functions/tasks/task-secrets.ts";
import { runningTask } from "../support/running-task.ts";

const psk = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
const spv: TaskSpec = {
  name: "setParameterValues",
  parameterValues: [
    ["Device.WiFi.SSID.1.SSID", "home"],
    [psk, "hunter22", "string"],
  ],
  parameterKey: "k1",
};
const secrets = () => ({
  policy: builtInSecretPolicy,
  sealer: createAesGcmSealer(randomBytes(32)),
});

describe("sealTaskSecrets", () => {
  it("moves secret values to sealedValues, sealed; the rest of the spec is unchanged", () => {
    // Prepare
    const taskSecrets = secrets();

    // Act
    const sealed = sealTaskSecrets(taskSecrets, spv);

    // Assess
    assert.ok(sealed.name === "setParameterValues");
    assert.deepEqual(sealed.parameterValues, [["Device.WiFi.SSID.1.SSID", "home"]]);
    assert.equal(sealed.parameterKey, "k1");
    assert.equal(sealed.sealedValues?.length, 1);
    const [name, value, type] = sealed.sealedValues?.[0] ?? [];
    assert.deepEqual([name, type], [psk, "string"]);
    assert.ok(!JSON.stringify(sealed).includes("hunter22"));
    assert.equal(taskSecretOpener(taskSecrets)(value ?? "", psk), "hunter22");
  });

  it("passes a spec without secrets, and an already sealed one, through as given", () => {
    // Prepare
    const taskSecrets = secrets();
    const sealed = sealTaskSecrets(taskSecrets, spv);
    const reboot: TaskSpec = { name: "reboot" };

    // Act / Assess
    assert.equal(sealTaskSecrets(undefined, reboot), reboot);
    assert.equal(sealTaskSecrets(taskSecrets, sealed), sealed);
  });

  it("refuses secrets without a sealer, and a secret given as the mask", () => {
    // Act / Assess
    assert.throws(
      () => sealTaskSecrets({ policy: builtInSecretPolicy }, spv),
      (error) => error instanceof SecretsKeyMissingError && error.parameters[0] === psk,
    );
    assert.throws(
      () =>
        sealTaskSecrets(secrets(), {
          name: "setParameterValues",
          parameterValues: [[psk, "********"]],
        }),
      MaskedSecretValueError,
    );
  });
});

describe("rpcForTask with sealed values", () => {
  it("sends the opened value; another key, or none, cannot open it", () => {
    // Prepare
    const taskSecrets = secrets();
    const task = runningTask(sealTaskSecrets(taskSecrets, spv), 0);

    // Act
    const rpc = rpcForTask(task, taskSecretOpener(taskSecrets));

    // Assess
    assert.ok(rpc.method === "SetParameterValues");
    assert.deepEqual(
      rpc.parameterList.map((p) => [p.name, p.value]),
      [
        ["Device.WiFi.SSID.1.SSID", "home"],
        [psk, "hunter22"],
      ],
    );
    assert.throws(() => rpcForTask(task, taskSecretOpener(secrets())), SecretUnreadableError);
    assert.throws(
      () => rpcForTask(task, taskSecretOpener({ policy: builtInSecretPolicy })),
      SecretUnreadableError,
    );
  });
});
