import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import {
  builtInSecretPolicy,
  parameterSecretContext,
  transferPasswordContext,
} from "../../functions/core/model/secret-parameters.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { rpcForTask } from "../../functions/core/session/task-rpc.ts";
import { SecretUnreadableError } from "../../functions/port-errors.ts";
import {
  fingerprintTaskSecrets,
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
    assert.equal(
      taskSecretOpener(taskSecrets)(value ?? "", parameterSecretContext(psk)),
      "hunter22",
    );
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

const fileServer = "https://files.example.net/fw.bin";
const download: TaskSpec = {
  name: "download",
  fileType: "1 Firmware Upgrade Image",
  url: fileServer,
  username: "cpe",
  password: "ftp-secret-9",
  fileSize: 1024,
};
const upload: TaskSpec = {
  name: "upload",
  fileType: "2 Vendor Log File",
  url: "https://files.example.net/logs/",
  password: "upload-secret-7",
};

describe("sealTaskSecrets with a transfer password", () => {
  it("moves a Download's password to sealedPassword, bound to the URL; the rest is unchanged", () => {
    // Prepare
    const taskSecrets = secrets();

    // Act
    const sealed = sealTaskSecrets(taskSecrets, download);

    // Assess
    assert.ok(sealed.name === "download");
    const { sealedPassword, ...rest } = sealed;
    assert.deepEqual(rest, {
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      url: fileServer,
      username: "cpe",
      fileSize: 1024,
    });
    assert.ok(!JSON.stringify(sealed).includes("ftp-secret-9"));
    const open = taskSecretOpener(taskSecrets);
    assert.equal(open(sealedPassword ?? "", transferPasswordContext(fileServer)), "ftp-secret-9");
    assert.throws(
      () => open(sealedPassword ?? "", transferPasswordContext("https://evil.example/")),
      SecretUnreadableError,
    );
  });

  it("seals an Upload's password too, and passes an already sealed one through", () => {
    // Prepare
    const taskSecrets = secrets();

    // Act
    const sealed = sealTaskSecrets(taskSecrets, upload);

    // Assess
    assert.ok(sealed.name === "upload" && sealed.password === undefined);
    assert.ok(sealed.sealedPassword?.startsWith("v2."));
    assert.equal(sealTaskSecrets(taskSecrets, sealed), sealed);
  });

  it("keeps no password or an empty one (no password, A.3.2.8) as given, without a key", () => {
    // Prepare
    const { password: _none, ...anonymous } = download as Extract<TaskSpec, { name: "download" }>;
    const empty: TaskSpec = { ...anonymous, password: "" };

    // Act / Assess
    assert.equal(sealTaskSecrets({ policy: builtInSecretPolicy }, anonymous), anonymous);
    assert.equal(sealTaskSecrets({ policy: builtInSecretPolicy }, empty), empty);
  });

  it("refuses a password without a sealer, and one given as the mask", () => {
    // Act / Assess
    assert.throws(
      () => sealTaskSecrets({ policy: builtInSecretPolicy }, download),
      (error) => error instanceof SecretsKeyMissingError && error.parameters[0] === "password",
    );
    assert.throws(
      () => sealTaskSecrets(secrets(), { ...download, password: "********" }),
      MaskedSecretValueError,
    );
  });
});

describe("rpcForTask with a sealed transfer password", () => {
  it("sends the opened password; another key, or none, cannot open it", () => {
    // Prepare
    const taskSecrets = secrets();
    const downloadTask = runningTask(sealTaskSecrets(taskSecrets, download), 0);
    const uploadTask = runningTask(sealTaskSecrets(taskSecrets, upload), 0);

    // Act
    const downloadRpc = rpcForTask(downloadTask, taskSecretOpener(taskSecrets));
    const uploadRpc = rpcForTask(uploadTask, taskSecretOpener(taskSecrets));

    // Assess
    assert.ok(downloadRpc.method === "Download" && uploadRpc.method === "Upload");
    assert.deepEqual([downloadRpc.username, downloadRpc.password], ["cpe", "ftp-secret-9"]);
    assert.equal(uploadRpc.password, "upload-secret-7");
    assert.throws(
      () => rpcForTask(downloadTask, taskSecretOpener(secrets())),
      SecretUnreadableError,
    );
    assert.throws(
      () => rpcForTask(uploadTask, taskSecretOpener({ policy: builtInSecretPolicy })),
      SecretUnreadableError,
    );
  });
});

describe("fingerprintTaskSecrets", () => {
  it("replaces secret values and a transfer password by keyed fingerprints, stable per key", () => {
    // Prepare
    const taskSecrets = secrets();

    // Act
    const first = fingerprintTaskSecrets(taskSecrets, download);
    const again = fingerprintTaskSecrets(taskSecrets, download);
    const otherKey = fingerprintTaskSecrets(secrets(), download);
    const otherPassword = fingerprintTaskSecrets(taskSecrets, { ...download, password: "x" });
    const values = fingerprintTaskSecrets(taskSecrets, spv);

    // Assess
    assert.ok(first.name === "download" && otherKey.name === "download");
    assert.ok(otherPassword.name === "download");
    assert.ok(!JSON.stringify([first, values]).includes("ftp-secret-9"));
    assert.ok(!JSON.stringify(values).includes("hunter22"));
    assert.deepEqual(again, first);
    assert.notEqual(otherKey.password, first.password);
    assert.notEqual(otherPassword.password, first.password);
    assert.deepEqual({ ...first, password: "" }, { ...download, password: "" });
  });

  it("leaves a spec as given without a sealer (sealTaskSecrets refused its secrets already)", () => {
    // Act / Assess
    assert.equal(fingerprintTaskSecrets({ policy: builtInSecretPolicy }, download), download);
  });
});
