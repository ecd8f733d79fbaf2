import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { defaultApiTimeoutSeconds, maxWaitWithin } from "../../functions/api/api-deps.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import { apiRig, deviceId, t0, taskDefaults } from "./api-rig.ts";

const reboot = { name: "reboot" } as const;
const tasksPath = `/devices/${deviceId}/tasks`;

describe("task routes", () => {
  describe("POST /devices/{id}/tasks", () => {
    it("queues a pending task with the configured lifetime and attempts", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const response = await rig.call("POST", tasksPath, { body: reboot });

      // Assess
      assert.equal(response.status, 202);
      assert.equal(response.json.status, "pending");
      assert.equal(response.json.expiresAt, new Date(t0 + taskDefaults.lifetimeMs).toISOString());
      assert.equal(response.json.maxAttempts, taskDefaults.maxAttempts);
      assert.equal(response.json.attempts, 0);
      const device = await rig.stores.devices.getDevice(deviceId);
      assert.deepEqual(device?.taskQueue, [response.json.id]);
      assert.deepEqual(rig.sent, [], "no connection request unless asked");
    });

    it("answers a retried POST with the same Idempotency-Key with the first task", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();
      const headers = { "idempotency-key": "order-42" };
      const first = await rig.call("POST", tasksPath, { body: reboot, headers });

      // Act
      const again = await rig.call("POST", tasksPath, { body: reboot, headers });

      // Assess
      assert.equal(again.status, 200);
      assert.equal(again.headers["idempotent-replayed"], "true");
      assert.equal(again.json.id, first.json.id);
      assert.equal((await rig.stores.tasks.listTasks(deviceId)).length, 1);
    });

    it("refuses the same Idempotency-Key with another body with 422, queueing nothing", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();
      const headers = { "idempotency-key": "order-44" };
      await rig.call("POST", tasksPath, { body: reboot, headers });

      // Act
      const reused = await rig.call("POST", tasksPath, { body: { name: "factoryReset" }, headers });

      // Assess
      assert.equal(reused.status, 422);
      assert.equal(reused.json.error, "idempotency-key-reused");
      assert.match(String(reused.json.message), /order-44.*another request/);
      assert.deepEqual(
        (await rig.stores.tasks.listTasks(deviceId)).map((task) => task.spec.name),
        ["reboot"],
      );
    });

    it("answers 404 for an unknown device; the same key creates the task once it exists", async () => {
      // Prepare
      const rig = apiRig();
      const headers = { "idempotency-key": "order-43" };

      // Act
      const missing = await rig.call("POST", tasksPath, { body: reboot, headers });
      rig.addDevice();
      const retried = await rig.call("POST", tasksPath, { body: reboot, headers });

      // Assess
      assert.equal(missing.status, 404);
      assert.equal(retried.status, 202, "created, not a replay of a task that never existed");
      assert.equal(retried.headers["idempotent-replayed"], undefined);
    });

    it("refuses a task the schema does not know, queueing nothing", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const response = await rig.call("POST", tasksPath, { body: { name: "selfDestruct" } });

      // Assess
      assert.equal(response.status, 400);
      assert.deepEqual(await rig.stores.tasks.listTasks(deviceId), []);
    });

    it("wakes the device when asked, naming the task", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const response = await rig.call("POST", tasksPath, {
        body: reboot,
        query: { connectionRequest: "true" },
      });

      // Assess
      assert.equal(response.status, 202);
      assert.deepEqual(response.json.connectionRequest, {
        queued: true,
        requestedAt: new Date(t0).toISOString(),
      });
      assert.deepEqual(
        rig.sent.map((m) => [m.deviceId, m.reason]),
        [[deviceId, `task ${response.json.id}`]],
      );
    });

    it("with wait=N answers 200 once a session finishes the task", async () => {
      // Prepare: a session ends the task 2 s after it is queued.
      const rig = apiRig({
        meanwhile: async (now) => {
          if (now < t0 + 2_000) return;
          const [task] = await rig.stores.tasks.listTasks(deviceId);
          if (task?.status === "pending")
            await rig.stores.tasks.updateTask(
              { ...task, status: "done", updatedAt: now },
              "pending",
            );
        },
      });
      rig.addDevice();

      // Act
      const response = await rig.call("POST", tasksPath, { body: reboot, query: { wait: "5" } });

      // Assess
      assert.equal(response.status, 200);
      assert.equal(response.json.status, "done");
      assert.ok(rig.now() < t0 + 5_000, "answered before the wait ran out");
    });

    it("with wait=N answers 202 with the task still pending when N seconds pass", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const response = await rig.call("POST", tasksPath, { body: reboot, query: { wait: "1" } });

      // Assess
      assert.equal(response.status, 202);
      assert.equal(response.json.status, "pending");
      assert.equal(rig.now(), t0 + 1_000);
    });
  });

  describe("wait bounded by the function's timeout", () => {
    it("holds the longest wait the default timeout allows, then answers 202", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();
      const longest = maxWaitWithin(defaultApiTimeoutSeconds);

      // Act
      const response = await rig.call("POST", tasksPath, {
        body: reboot,
        query: { wait: String(longest) },
      });

      // Assess
      assert.equal(response.status, 202);
      assert.equal(rig.now(), t0 + longest * 1_000);
      assert.ok(longest * 1_000 < defaultApiTimeoutSeconds * 1_000, "answered before the cut-off");
    });

    it("refuses a wait the function would not live through, queueing nothing", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const response = await rig.call("POST", tasksPath, {
        body: reboot,
        query: { wait: String(maxWaitWithin(defaultApiTimeoutSeconds) + 1) },
      });

      // Assess
      assert.equal(response.status, 400);
      assert.deepEqual(await rig.stores.tasks.listTasks(deviceId), []);
    });
  });

  describe("GET", () => {
    it("lists a device's tasks oldest first and shows one by id", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();
      const first = await rig.call("POST", tasksPath, { body: reboot });
      const second = await rig.call("POST", tasksPath, { body: { name: "factoryReset" } });

      // Act
      const listed = await rig.call("GET", tasksPath);
      const one = await rig.call("GET", `/tasks/${second.json.id}`);

      // Assess
      assert.deepEqual(
        (listed.json.tasks as { id: string }[]).map((t) => t.id),
        [first.json.id, second.json.id],
      );
      assert.equal(one.json.name, "factoryReset");
    });

    it("answers 404 for an unknown device, a malformed and an unknown task id", async () => {
      // Prepare
      const rig = apiRig();

      // Act
      const statuses = [
        (await rig.call("GET", tasksPath)).status,
        (await rig.call("GET", "/tasks/not-an-id")).status,
        (await rig.call("GET", `/tasks/${"9".repeat(26)}`)).status,
      ];

      // Assess
      assert.deepEqual(statuses, [404, 404, 404]);
    });

    it("never shows or stores a transfer password in clear", async () => {
      // Prepare
      const sealer = createAesGcmSealer(randomBytes(32));
      const rig = apiRig({ taskSecrets: { policy: builtInSecretPolicy, sealer } });
      rig.addDevice();
      const download = {
        name: "download",
        fileType: "1 Firmware Upgrade Image",
        url: "https://files.example/fw.bin",
        username: "fw",
        password: "s3cret",
      };

      // Act
      const created = await rig.call("POST", tasksPath, { body: download });
      const shown = await rig.call("GET", `/tasks/${created.json.id}`);

      // Assess
      assert.ok(!created.body.includes("s3cret"));
      assert.ok(!shown.body.includes("s3cret"));
      assert.equal((shown.json.task as { password?: string }).password, "********");
      assert.ok(!shown.body.includes("sealedPassword"));
      const [stored] = await rig.stores.tasks.listTasks(deviceId);
      assert.equal(stored?.spec.name, "download");
      assert.ok(!JSON.stringify(stored).includes("s3cret"));
    });

    it("refuses a transfer password with 422 when no sealing key is configured", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const refused = await rig.call("POST", tasksPath, {
        body: { name: "upload", fileType: "2 Vendor Log File", url: "https://f/", password: "p" },
      });

      // Assess
      assert.equal(refused.status, 422);
      assert.equal(refused.json.error, "secrets-key-required");
      assert.deepEqual(await rig.stores.tasks.listTasks(deviceId), []);
    });
  });

  describe("DELETE /tasks/{id}", () => {
    it("cancels an open task and takes it off the device's queue", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();
      const created = await rig.call("POST", tasksPath, { body: reboot });

      // Act
      const response = await rig.call("DELETE", `/tasks/${created.json.id}`);

      // Assess
      assert.equal(response.status, 200);
      assert.equal(response.json.status, "cancelled");
      assert.equal(response.json.reason, "cancelled through the API while pending");
      assert.equal((await rig.stores.tasks.getTask(String(created.json.id)))?.status, "cancelled");
      assert.deepEqual((await rig.stores.devices.getDevice(deviceId))?.taskQueue, []);
    });

    it("answers 409 for a task that has ended", async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();
      const created = await rig.call("POST", tasksPath, { body: reboot });
      await rig.call("DELETE", `/tasks/${created.json.id}`);

      // Act
      const again = await rig.call("DELETE", `/tasks/${created.json.id}`);

      // Assess
      assert.equal(again.status, 409);
    });
  });
});
