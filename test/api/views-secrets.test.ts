import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { profileView } from "../../functions/api/routes/profile-routes.ts";
import { campaignView, deviceView, taskView } from "../../functions/api/views.ts";
import {
  builtInSecretPolicy,
  secretParameterPolicy,
} from "../../functions/core/model/secret-parameters.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import type { Profile } from "../../functions/core/provisioning/profile.ts";
import { deviceRecord } from "../connection-request-service/fixtures.ts";
import { runningTask } from "../support/running-task.ts";

const psk = "Device.WiFi.AccessPoint.1.Security.PreSharedKey";
const policy = builtInSecretPolicy;

describe("views of secret parameter values", () => {
  it("taskView masks sealed values, secrets stored in clear before sealing, and result values", () => {
    // Prepare
    const spec: TaskSpec = {
      name: "setParameterValues",
      parameterValues: [
        ["Device.ManagementServer.ConnectionRequestPassword", "legacy-clear"],
        ["Device.WiFi.SSID.1.SSID", "home"],
      ],
      sealedValues: [[psk, "v1.sealed.text.here", "hexBinary"]],
    };
    const task = runningTask(spec, 0, {
      result: { parameters: [{ name: psk, value: "0badc0de", type: "hexBinary" }] },
    });

    // Act
    const view = taskView(task, policy);

    // Assess
    assert.ok(!JSON.stringify(view).match(/legacy-clear|sealed\.text|0badc0de/));
    assert.deepEqual(view.task, {
      name: "setParameterValues",
      parameterValues: [
        ["Device.ManagementServer.ConnectionRequestPassword", "********"],
        ["Device.WiFi.SSID.1.SSID", "home"],
        [psk, "********", "hexBinary"],
      ],
      masked: ["Device.ManagementServer.ConnectionRequestPassword", psk],
    });
    assert.deepEqual(view.result, {
      parameters: [{ name: psk, value: "********", type: "hexBinary" }],
      masked: [psk],
    });
  });

  it("taskView still masks transfer passwords", () => {
    // Prepare
    const task = runningTask(
      { name: "download", fileType: "1 Firmware Upgrade Image", url: "https://f", password: "pw" },
      0,
    );

    // Act
    const view = taskView(task, policy);

    // Assess
    assert.equal((view.task as { password?: string }).password, "********");
  });

  it("deviceView masks secret parameters (operator patterns too) and says so", () => {
    // Prepare
    const parameters = [
      { name: "Device.X_ACME_Token", value: "tok", type: "string", learnedAt: 0 },
      { name: psk, value: "********", type: "string", learnedAt: 0 },
      { name: "Device.WiFi.SSID.1.SSID", value: "home", type: "string", learnedAt: 0 },
    ] as const;

    // Act
    const view = deviceView(deviceRecord(), parameters, 0, secretParameterPolicy(["X_ACME_Token"]));

    // Assess
    assert.deepEqual(
      view.parameters.map((p) => [p.name, "value" in p ? p.value : undefined, "masked" in p]),
      [
        ["Device.X_ACME_Token", "********", true],
        [psk, "********", true],
        ["Device.WiFi.SSID.1.SSID", "home", false],
      ],
    );
  });

  it("campaignView masks its task's secrets", () => {
    // Act
    const view = campaignView(
      {
        id: "C1",
        filter: {},
        task: { name: "setParameterValues", parameterValues: [], sealedValues: [[psk, "v1.x"]] },
        rate: { connectionRequestsPerSecond: 1, maxInSession: 1 },
        status: "running",
        createdAt: 0,
        updatedAt: 0,
        version: 1,
        stages: { soakSeconds: 0, stageTimeoutSeconds: 900 },
        assigned: 0,
        toWake: [],
        nextWakeAt: 0,
      },
      [],
      policy,
    );

    // Assess
    assert.deepEqual(view.task, {
      name: "setParameterValues",
      parameterValues: [[psk, "********"]],
      masked: [psk],
    });
  });

  it("profileView masks sealed and secret values, where they are, and its one-shot tasks", () => {
    // Prepare
    const profile: Profile = {
      name: "wifi",
      precondition: {},
      parameterValues: [
        {
          name: "Device.ManagementServer.STUNPassword",
          value: "v1.s",
          type: "string",
          sealed: true,
        },
      ],
      objects: [
        {
          table: "Device.WiFi.AccessPoint.",
          match: { Alias: "main" },
          parameterValues: [
            { name: "Security.KeyPassphrase", value: "v1.t", type: "string", sealed: true },
            { name: "Enable", value: "true", type: "boolean" },
          ],
        },
      ],
      notifications: [],
      tasks: [{ name: "setParameterValues", parameterValues: [], sealedValues: [[psk, "v1.u"]] }],
    };

    // Act
    const view = profileView(profile, policy);

    // Assess
    assert.ok(!JSON.stringify(view).includes("v1."));
    assert.deepEqual(view.parameterValues, [
      ["Device.ManagementServer.STUNPassword", "********", "string"],
    ]);
    assert.deepEqual(view.objects[0]?.parameterValues, [
      ["Security.KeyPassphrase", "********", "string"],
      ["Enable", "true", "boolean"],
    ]);
    assert.deepEqual(view.masked, [
      "Device.ManagementServer.STUNPassword",
      'Device.WiFi.AccessPoint.[Alias="main"].Security.KeyPassphrase',
    ]);
  });
});
