import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { buildOpenApiDocument } from "../../functions/api/openapi.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** every endpoint against the local ACS (dynalite + local SQS). */
describe("provisioning API", () => {
  let acs: LocalAcsHarness;
  let d1: string;
  before(async () => {
    acs = await startLocalAcsHarness();
    d1 = await acs.register("S1");
    await acs.register("S2", { productClass: "ONT" });
    await acs.register("S3", { oui: "ABCDEF" });
  });
  after(async () => acs.stop());

  describe("auth", () => {
    it("refuses a request without the bearer token", async () => {
      const response = await fetch(new URL("devices", acs.apiUrl));
      assert.equal(response.status, 401);
      assert.equal(response.headers.get("www-authenticate"), "Bearer");
    });

    it("serves the OpenAPI document and the docs page without the token", async () => {
      const document = await fetch(new URL("openapi.json", acs.apiUrl));
      assert.equal(document.status, 200);
      assert.deepEqual(await document.json(), buildOpenApiDocument());
      const docs = await fetch(new URL("docs", acs.apiUrl));
      assert.equal(docs.status, 200);
      assert.match(docs.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(await docs.text(), /<code>\/devices\/\{id\}\/tasks<\/code>/);
    });

    it("keeps the token on everything else, also on other methods of the public paths", async () => {
      const post = await fetch(new URL("docs", acs.apiUrl), { method: "POST", body: "{}" });
      assert.equal(post.status, 401);
      const profiles = await fetch(new URL("profiles", acs.apiUrl));
      assert.equal(profiles.status, 401);
    });
  });

  describe("devices", () => {
    it("lists devices with filters", async () => {
      const all = await acs.api("GET", "/devices");
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.body.devices.map((d: { serialNumber: string }) => d.serialNumber).sort(),
        ["S1", "S2", "S3"],
      );
      const ont = await acs.api("GET", "/devices?productClass=ONT");
      assert.deepEqual(
        ont.body.devices.map((d: { id: string }) => d.id),
        ["00D09E-ONT-S2"],
      );
      const oui = await acs.api("GET", "/devices?oui=ABCDEF&serialPrefix=S");
      assert.deepEqual(
        oui.body.devices.map((d: { id: string }) => d.id),
        ["ABCDEF-HGW-S3"],
      );
      const future = await acs.api(
        "GET",
        `/devices?lastInformAfter=${encodeURIComponent("2999-01-01T00:00:00Z")}`,
      );
      assert.deepEqual(future.body.devices, []);
    });

    it("pages with a cursor, every device exactly once", async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await acs.api(
          "GET",
          `/devices?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        assert.equal(page.status, 200);
        seen.push(...page.body.devices.map((d: { id: string }) => d.id));
        cursor = page.body.cursor;
      } while (cursor);
      assert.deepEqual(seen.sort(), ["00D09E-HGW-S1", "00D09E-ONT-S2", "ABCDEF-HGW-S3"]);
    });

    it("names each invalid filter", async () => {
      const bad = await acs.api("GET", "/devices?oui=xyz&limit=0&colour=red");
      assert.equal(bad.status, 400);
      const fields = bad.body.issues.map((i: { field: string }) => i.field).sort();
      assert.deepEqual(fields, ["query", "query.limit", "query.oui"]);
      const cursor = await acs.api("GET", "/devices?cursor=forged");
      assert.equal(cursor.status, 400);
      assert.equal(cursor.body.issues[0].field, "query.cursor");
    });

    it("shows one device with its parameters, optionally a subtree or one level of it", async () => {
      const device = await acs.api("GET", `/devices/${d1}`);
      assert.equal(device.status, 200);
      assert.equal(device.body.serialNumber, "S1");
      assert.deepEqual(device.body.lastEvents, ["0 BOOTSTRAP"]);
      assert.deepEqual(
        device.body.parameters.map((p: { name: string }) => p.name),
        ["Device.DeviceInfo.SoftwareVersion"],
      );
      const none = await acs.api("GET", `/devices/${d1}?path=Device.WiFi.`);
      assert.deepEqual(none.body.parameters, []);
      const level = await acs.api("GET", `/devices/${d1}?path=Device.&depth=1`);
      assert.deepEqual(level.body.parameters, []);
      assert.deepEqual(level.body.objects, [{ name: "Device.DeviceInfo.", parameters: 1 }]);
      assert.equal(none.body.objects, undefined);
      assert.equal((await acs.api("GET", "/devices/00D09E-HGW-NOPE")).status, 404);
      assert.equal((await acs.api("GET", "/devices/not-a-device-id-at-all")).status, 404);
    });

    it("tags and untags idempotently", async () => {
      assert.deepEqual((await acs.api("PUT", `/devices/${d1}/tags/lab`)).body.tags, ["lab"]);
      assert.deepEqual((await acs.api("PUT", `/devices/${d1}/tags/lab`)).body.tags, ["lab"]);
      const tagged = await acs.api("GET", "/devices?tag=lab");
      assert.deepEqual(
        tagged.body.devices.map((d: { id: string }) => d.id),
        [d1],
      );
      assert.deepEqual((await acs.api("DELETE", `/devices/${d1}/tags/lab`)).body.tags, []);
      assert.equal(
        (await acs.api("PUT", `/devices/${d1}/tags/${encodeURIComponent("no spaces")}`)).status,
        400,
      );
      assert.equal((await acs.api("PUT", "/devices/00D09E-HGW-NOPE/tags/x")).status, 404);
    });
  });

  describe("tasks", () => {
    it("queues a task and shows it pending", async () => {
      const created = await acs.api("POST", `/devices/${d1}/tasks`, {
        body: {
          name: "setParameterValues",
          parameterValues: [["Device.WiFi.SSID.1.SSID", "home", "xsd:string"]],
        },
      });
      assert.equal(created.status, 202);
      assert.equal(created.body.status, "pending");
      assert.deepEqual(created.body.task.parameterValues, [
        ["Device.WiFi.SSID.1.SSID", "home", "string"],
      ]);
      const fetched = await acs.api("GET", `/tasks/${created.body.id}`);
      assert.equal(fetched.body.id, created.body.id);
      const listed = await acs.api("GET", `/devices/${d1}/tasks`);
      assert.ok(listed.body.tasks.some((t: { id: string }) => t.id === created.body.id));
      assert.ok(
        (await acs.api("GET", `/devices/${d1}`)).body.pendingTasks.includes(created.body.id),
      );
    });

    it("names the offending field of an invalid task and queues nothing", async () => {
      const before = (await acs.api("GET", `/devices/${d1}/tasks`)).body.tasks.length;
      const cases: [unknown, string][] = [
        [
          { name: "setParameterValues", parameterValues: [["Device..X", "v"]] },
          "body.parameterValues[0][0]",
        ],
        [
          { name: "setParameterValues", parameterValues: [["Device.X", "v", "xsd:float"]] },
          "body.parameterValues[0][2]",
        ],
        [
          { name: "download", fileType: "1 Firmware Upgrade Image", url: "file:///etc/passwd" },
          "body.url",
        ],
        [{ name: "reboot", extra: 1 }, "body"],
        [{ name: "frobnicate" }, "body.name"],
        [{ name: "addObject", objectName: "Device.WiFi.SSID" }, "body.objectName"],
      ];
      for (const [body, field] of cases) {
        const response = await acs.api("POST", `/devices/${d1}/tasks`, { body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.ok(
          response.body.issues.some((i: { field: string }) => i.field === field),
          JSON.stringify(response.body),
        );
      }
      const notJson = await acs.api("POST", `/devices/${d1}/tasks`, { body: "{oops" });
      assert.equal(notJson.status, 400);
      const wait = await acs.api("POST", `/devices/${d1}/tasks?wait=9999`, {
        body: { name: "reboot" },
      });
      assert.equal(wait.body.issues[0].field, "query.wait");
      assert.equal((await acs.api("GET", `/devices/${d1}/tasks`)).body.tasks.length, before);
    });

    it("answers 404 for a task on an unknown device", async () => {
      assert.equal(
        (await acs.api("POST", "/devices/00D09E-HGW-NOPE/tasks", { body: { name: "reboot" } }))
          .status,
        404,
      );
    });

    it("returns the first task for a retried POST with the same Idempotency-Key", async () => {
      const post = () =>
        acs.api("POST", `/devices/${d1}/tasks`, {
          body: { name: "reboot" },
          headers: { "idempotency-key": "order-42" },
        });
      const first = await post();
      const second = await post();
      assert.equal(first.status, 202);
      assert.equal(second.status, 200);
      assert.equal(second.headers.get("idempotent-replayed"), "true");
      assert.equal(second.body.id, first.body.id);
      const reboots = (await acs.api("GET", `/devices/${d1}/tasks`)).body.tasks.filter(
        (t: { name: string; status: string }) => t.name === "reboot" && t.status === "pending",
      );
      assert.equal(reboots.length, 1);
    });

    it("cancels a pending task and refuses to cancel it twice", async () => {
      const created = await acs.api("POST", `/devices/${d1}/tasks`, {
        body: { name: "factoryReset" },
      });
      const cancelled = await acs.api("DELETE", `/tasks/${created.body.id}`);
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.status, "cancelled");
      assert.equal((await acs.api("DELETE", `/tasks/${created.body.id}`)).status, 409);
      assert.ok(
        !(await acs.api("GET", `/devices/${d1}`)).body.pendingTasks.includes(created.body.id),
      );
      assert.equal((await acs.api("GET", "/tasks/0000000000000000000000000X")).status, 404);
    });

    it("holds the reply for wait=N and answers 202 when the task is still pending", async () => {
      const response = await acs.api("POST", `/devices/${d1}/tasks?wait=1`, {
        body: { name: "reboot" },
      });
      assert.equal(response.status, 202);
      assert.equal(response.body.status, "pending");
    });

    it("never shows a transfer password back", async () => {
      const created = await acs.api("POST", `/devices/${d1}/tasks`, {
        body: {
          name: "download",
          fileType: "1 Firmware Upgrade Image",
          url: "https://f.example/fw.bin",
          password: "hunter2",
        },
      });
      assert.equal(created.body.task.password, "********");
      assert.doesNotMatch(
        JSON.stringify(await acs.api("GET", `/tasks/${created.body.id}`)),
        /hunter2/,
      );
    });

    it("puts a connection request on the sender's queue with connectionRequest=true", async () => {
      const created = await acs.api("POST", `/devices/${d1}/tasks?connectionRequest=true`, {
        body: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] },
      });
      assert.equal(created.body.connectionRequest.queued, true);
      const since = Date.parse(created.body.connectionRequest.requestedAt);
      // The in-process sender takes it off the queue and records its attempt on the device
      // (this device reported no ConnectionRequestURL, so the attempt fails).
      const deadline = Date.now() + 15_000;
      let attempt: { at: string; outcome: string } | null = null;
      while (Date.now() < deadline) {
        attempt = (await acs.api("GET", `/devices/${d1}`)).body.connectionRequest.lastAttempt;
        if (attempt && Date.parse(attempt.at) >= since) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(attempt && Date.parse(attempt.at) >= since, "the sender recorded an attempt");
      assert.equal(attempt?.outcome, "failed");
    });
  });

  describe("devices, deleted", () => {
    it("forgets a device and cancels its open tasks", async () => {
      const d3 = "ABCDEF-HGW-S3";
      const task = await acs.api("POST", `/devices/${d3}/tasks`, { body: { name: "reboot" } });
      assert.equal((await acs.api("DELETE", `/devices/${d3}`)).status, 200);
      assert.equal((await acs.api("GET", `/devices/${d3}`)).status, 404);
      assert.equal((await acs.api("GET", `/tasks/${task.body.id}`)).body.status, "cancelled");
      assert.equal((await acs.api("DELETE", `/devices/${d3}`)).status, 404);
    });
  });

  describe("OpenAPI", () => {
    it("serves the document kept in the repo, generated from the validation schemas", async () => {
      const served = await acs.api("GET", "/openapi.json");
      const committed = JSON.parse(
        readFileSync(new URL("../../functions/api/openapi.json", import.meta.url), "utf8"),
      );
      assert.deepEqual(served.body, buildOpenApiDocument());
      assert.deepEqual(
        committed,
        served.body,
        "run `npm run openapi` and commit functions/api/openapi.json",
      );
    });

    it("documents every route the API answers", async () => {
      const paths = Object.keys(buildOpenApiDocument().paths);
      for (const path of [
        "/devices",
        "/devices/{id}",
        "/devices/{id}/tasks",
        "/tasks/{taskId}",
        "/devices/{id}/connection-request",
      ]) {
        assert.ok(paths.includes(path), path);
      }
    });
  });
});
