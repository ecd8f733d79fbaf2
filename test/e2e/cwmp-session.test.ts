import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AcsMessage } from "../../functions/core/cwmp/acs-messages.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import type { TaskRecord, TaskSpec } from "../../functions/core/model/task.ts";
import { canonicalHeaderName } from "../../functions/handlers/canonical-header-name.ts";
import { type CwmpHarness, post, rawPost, startCwmpHarness } from "../support/cwmp-harness.ts";

/**
 * complete CWMP sessions through the real handler, node:http and
 * dynalite, exchanged byte for byte as a CPE would.
 */
const codec = createCwmpCodec();
const ns = "urn:dslforum-org:cwmp-1-0" as const;

function inform(
  serial: string,
  events: string[],
  extra: { name: string; value: string }[] = [],
): string {
  return codec.encodeCpeMessage({
    cwmpNamespace: ns,
    header: { id: `inform-${serial}` },
    body: {
      method: "Inform",
      deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
      event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
      maxEnvelopes: 1,
      currentTime: "2026-11-24T10:00:00Z",
      retryCount: 0,
      parameterList: [
        { name: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: "string" },
        {
          name: "Device.ManagementServer.ConnectionRequestURL",
          value: "http://10.1.2.3:7547/cr",
          type: "string",
        },
        ...extra.map((p) => ({ ...p, type: "string" })),
      ],
    },
  });
}

function reply(id: string | undefined, body: CpeMessage): string {
  return codec.encodeCpeMessage({
    cwmpNamespace: ns,
    header: id === undefined ? {} : { id },
    body,
  });
}

function acs(body: string): { id: string | undefined; message: AcsMessage | null } {
  const envelope = codec.decodeAcsMessage(body);
  return { id: envelope.header.id, message: envelope.body };
}

const idOf = (serial: string) =>
  deviceIdOf({ oui: "00D09E", productClass: "HGW", serialNumber: serial });

async function queue(
  h: CwmpHarness,
  serial: string,
  spec: TaskSpec,
  overrides: Partial<TaskRecord> = {},
) {
  const now = h.clock.now();
  const task: TaskRecord = {
    id: `T${now}${Math.random().toString(36).slice(2, 8)}`,
    deviceId: idOf(serial),
    spec,
    status: "pending",
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 3_600_000,
    attempts: 0,
    maxAttempts: 3,
    ...overrides,
  };
  await h.tasks.createTask(task);
  return task.id;
}

/** Inform + empty POST: returns the cookie and the first ACS request (or null at 204). */
async function open(h: CwmpHarness, serial: string, events = ["2 PERIODIC"]) {
  const informed = await post(h.url, inform(serial, events));
  assert.equal(informed.status, 200, informed.body);
  assert.equal(acs(informed.body).message?.method, "InformResponse");
  const cookie = informed.cookie;
  assert.ok(cookie);
  const next = await post(h.url, "", { cookie });
  return { cookie, next };
}

describe("CWMP sessions on the handler with dynalite", () => {
  let h: CwmpHarness;
  before(async () => {
    h = await startCwmpHarness();
  });
  after(async () => h.stop());

  it("registers a new device with BOOTSTRAP and ends with 204", async () => {
    const { next } = await open(h, "S1", ["0 BOOTSTRAP", "1 BOOT"]);
    assert.equal(next.status, 204);
    const device = await h.devices.getDevice(idOf("S1"));
    assert.deepEqual(device?.lastEvents, ["0 BOOTSTRAP", "1 BOOT"]);
    assert.equal(device?.connectionRequestUrl, "http://10.1.2.3:7547/cr");
    const stored = await h.parameters.getParameters(idOf("S1"), device?.parameterGeneration ?? -1);
    assert.deepEqual(
      stored.map((p) => [p.name, p.value]),
      [
        ["Device.DeviceInfo.SoftwareVersion", "1.0"],
        ["Device.ManagementServer.ConnectionRequestURL", "http://10.1.2.3:7547/cr"],
      ],
    );
  });

  it("answers a periodic Inform with no work in 2 exchanges and 2 DynamoDB requests", async () => {
    // The first periodic session after the BOOTSTRAP works out the profiles' quiet period.
    await open(h, "S1");
    h.counter.reset();
    const { cookie, next } = await open(h, "S1");
    assert.equal(next.status, 204);
    assert.match(cookie, /:idle(;|$)/);
    // The open (lease item, returning what waits) and the conditional idle close.
    assert.deepEqual(h.counter.counts(), { UpdateItem: 2 });
    const device = await h.devices.getDevice(idOf("S1"));
    assert.equal(device?.sessionExpiresAt, undefined);
  });

  it("runs a task queued between the idle Inform and the empty POST", async () => {
    const informed = await post(h.url, inform("S1", ["2 PERIODIC"]));
    assert.match(informed.cookie ?? "", /:idle(;|$)/);
    await queue(h, "S1", { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] });
    const next = await post(h.url, "", { cookie: informed.cookie });
    assert.equal(next.status, 200);
    assert.equal(acs(next.body).message?.method, "GetParameterValues");
    const done = await post(
      h.url,
      reply(acs(next.body).id, { method: "GetParameterValuesResponse", parameterList: [] }),
      { cookie: informed.cookie },
    );
    assert.equal(done.status, 204);
  });

  it("ends an idle session the usual way for a CPE that drops the hint from its cookie", async () => {
    const informed = await post(h.url, inform("S1", ["2 PERIODIC"]));
    const plain = (informed.cookie ?? "").replace(/:idle(?=;|$)/, "");
    h.counter.reset();
    const next = await post(h.url, "", { cookie: plain });
    assert.equal(next.status, 204);
    assert.deepEqual(h.counter.counts(), { BatchGetItem: 1, UpdateItem: 1 });
  });

  it("never ends another device's session with a forged idle cookie", async () => {
    const informed = await post(h.url, inform("S1", ["2 PERIODIC"]));
    const forged = `acs_sid=${idOf("S1")}:${"x".repeat(22)}:idle`;
    const refused = await post(h.url, "", { cookie: forged });
    assert.equal(refused.status, 400);
    const next = await post(h.url, "", { cookie: informed.cookie });
    assert.equal(next.status, 204);
  });

  it("runs a task queued in DynamoDB in the next session and stores what it learned", async () => {
    const taskId = await queue(h, "S1", {
      name: "getParameterValues",
      parameterNames: ["Device.WiFi.SSID.1.SSID"],
    });
    const { cookie, next } = await open(h, "S1");
    const request = acs(next.body);
    assert.deepEqual(request.message, {
      method: "GetParameterValues",
      parameterNames: ["Device.WiFi.SSID.1.SSID"],
    });
    const done = await post(
      h.url,
      reply(request.id, {
        method: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: " home ", type: "string" }],
      }),
      { cookie },
    );
    assert.equal(done.status, 204);
    const task = await h.tasks.getTask(taskId);
    assert.equal(task?.status, "done");
    assert.deepEqual(task?.result?.parameters, [
      { name: "Device.WiFi.SSID.1.SSID", value: " home ", type: "string" },
    ]);
    const device = await h.devices.getDevice(idOf("S1"));
    assert.deepEqual(device?.taskQueue, []);
    const [ssid] = await h.parameters.getParameters(
      idOf("S1"),
      device?.parameterGeneration ?? 0,
      "Device.WiFi.",
    );
    assert.equal(ssid?.value, " home ");
  });

  it("refuses a concurrent second session with 503 + Retry-After without disturbing the first", async () => {
    await queue(h, "S2", { name: "reboot" }).catch(() => undefined); // device does not exist yet
    const first = await post(h.url, inform("S2", ["0 BOOTSTRAP"]));
    assert.equal(first.status, 200);
    const second = await post(h.url, inform("S2", ["2 PERIODIC"]));
    assert.equal(second.status, 503);
    assert.ok(Number(second.headers.get("retry-after")) >= 1);
    const end = await post(h.url, "", { cookie: first.cookie });
    assert.equal(end.status, 204);
    assert.deepEqual((await h.devices.getDevice(idOf("S2")))?.lastEvents, ["0 BOOTSTRAP"]);
  });

  it("spells every header of its answers canonically, as case-sensitive CPEs need", async () => {
    // Act
    const informed = await rawPost(h.url, inform("S8", ["0 BOOTSTRAP"]));
    const refused = await rawPost(h.url, inform("S8", ["2 PERIODIC"]));
    const ended = await rawPost(h.url, "", { cookie: informed.cookie });

    // Assess
    assert.deepEqual([informed.status, refused.status, ended.status], [200, 503, 204]);
    for (const name of ["Content-Type", "Set-Cookie", "Content-Length"]) {
      assert.ok(informed.headerNames.includes(name), `${name} in ${informed.headerNames}`);
    }
    assert.ok(refused.headerNames.includes("Retry-After"), `${refused.headerNames}`);
    for (const name of [...informed.headerNames, ...refused.headerNames, ...ended.headerNames]) {
      assert.equal(name, canonicalHeaderName(name));
    }
  });

  it("frees an abandoned session after the idle timeout, and the old cookie is dead", async () => {
    const abandoned = await post(h.url, inform("S3", ["0 BOOTSTRAP"]));
    const refused = await post(h.url, inform("S3", ["2 PERIODIC"]));
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "30");
    h.advance(31_000);
    const fresh = await post(h.url, inform("S3", ["2 PERIODIC"]));
    assert.equal(fresh.status, 200);
    assert.equal((await post(h.url, "", { cookie: abandoned.cookie })).status, 400);
    assert.equal((await post(h.url, "", { cookie: fresh.cookie })).status, 204);
  });

  it("lets a rebooted CPE (1 BOOT, no cookie) supersede its live session at once", async () => {
    const dead = await post(h.url, inform("S3B", ["0 BOOTSTRAP"]));
    const rebooted = await post(h.url, inform("S3B", ["1 BOOT"]));
    assert.equal(rebooted.status, 200);
    assert.equal((await post(h.url, "", { cookie: dead.cookie })).status, 400);
    assert.equal((await post(h.url, "", { cookie: rebooted.cookie })).status, 204);
    assert.ok(
      h.logs.some((l) => l.includes('"session abandoned"') && l.includes('"reason":"boot"')),
    );
  });

  it("never lets a stale or forged cookie reach another device's session", async () => {
    const a = await post(h.url, inform("S4", ["2 PERIODIC"]));
    const [, value] = (a.cookie ?? "").split("=");
    const sessionId = (value ?? "").split(":").pop();
    const forged = `acs_sid=${idOf("S1")}:${sessionId}`;
    assert.equal((await post(h.url, "", { cookie: forged })).status, 400);
    assert.equal((await post(h.url, "", { cookie: "acs_sid=nonsense" })).status, 400);
    assert.equal((await post(h.url, "", { cookie: a.cookie })).status, 204);
  });

  it("answers bad bodies without writing anything", async () => {
    const before = h.counter.counts();
    const garbage = await post(h.url, "this is not xml <");
    assert.equal(garbage.status, 400);
    const xxe = await post(
      h.url,
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${inform("S9", [])}`,
    );
    assert.equal(xxe.status, 400);
    assert.equal(await h.devices.getDevice(idOf("S9")), undefined);
    const writes = (counts: Record<string, number>) =>
      (counts.UpdateItem ?? 0) + (counts.PutItem ?? 0);
    assert.equal(writes(h.counter.counts()), writes(before));
  });

  it("answers an unknown CPE method with fault 8000 and bad arguments with 8003", async () => {
    const { cookie } = await post(h.url, inform("S5", ["2 PERIODIC"]));
    const unknown = inform("S5", []).replace(/cwmp:Inform>/g, "cwmp:X_Frobnicate>");
    const fault8000 = acs((await post(h.url, unknown, { cookie })).body).message;
    assert.equal(fault8000?.method === "Fault" && fault8000.faultCode, 8000);
    const bad = reply("7", {
      method: "TransferComplete",
      commandKey: "x",
      faultStruct: { faultCode: 0, faultString: "" },
      startTime: "",
      completeTime: "",
    }).replace("<FaultCode>0</FaultCode>", "<FaultCode>zero</FaultCode>");
    const fault8003 = acs((await post(h.url, bad, { cookie })).body);
    assert.equal(fault8003.message?.method === "Fault" && fault8003.message.faultCode, 8003);
    assert.equal(fault8003.id, "7");
  });

  it("forgets what it knew of a device on 0 BOOTSTRAP", async () => {
    const before = await h.devices.getDevice(idOf("S1"));
    const { next } = await open(h, "S1", ["0 BOOTSTRAP", "1 BOOT"]);
    assert.equal(next.status, 204);
    const after = await h.devices.getDevice(idOf("S1"));
    assert.equal(after?.parameterGeneration, (before?.parameterGeneration ?? 0) + 1);
    const wifi = await h.parameters.getParameters(
      idOf("S1"),
      after?.parameterGeneration ?? 0,
      "Device.WiFi.",
    );
    assert.deepEqual(wifi, []);
  });

  it("drops an expired task with a recorded reason", async () => {
    const taskId = await queue(h, "S1", { name: "reboot" }, { expiresAt: h.clock.now() - 1 });
    const { next } = await open(h, "S1");
    assert.equal(next.status, 204);
    const task = await h.tasks.getTask(taskId);
    assert.equal(task?.status, "expired");
    assert.match(task?.reason ?? "", /expired/);
  });

  it("retries a retryable fault in later sessions, a bounded number of times", async () => {
    const taskId = await queue(h, "S1", { name: "factoryReset" }, { maxAttempts: 2 });
    for (const attempt of [1, 2]) {
      const { cookie, next } = await open(h, "S1");
      const request = acs(next.body);
      assert.equal(request.message?.method, "FactoryReset", `attempt ${attempt}`);
      const fault = reply(request.id, {
        method: "Fault",
        faultcode: "Server",
        faultstring: "CWMP fault",
        faultCode: 9002,
        faultString: "Internal error",
        setParameterValuesFault: [],
      });
      assert.equal(
        (await post(h.url, fault, { cookie })).status,
        204,
        "not retried within the session",
      );
    }
    const task = await h.tasks.getTask(taskId);
    assert.equal(task?.status, "faulted");
    assert.equal(task?.attempts, 2);
    assert.deepEqual(task?.fault, { code: 9002, string: "Internal error" });
  });
});

describe("CPE authentication", () => {
  let h: CwmpHarness;
  before(async () => {
    h = await startCwmpHarness({ cpeAuth: "digest", cpeUsername: "cpe", cpePassword: "s3cret" });
  });
  after(async () => h.stop());

  it("challenges an unauthenticated Inform with 401 and writes nothing", async () => {
    h.counter.reset();
    const denied = await post(h.url, inform("A1", ["0 BOOTSTRAP"]));
    assert.equal(denied.status, 401);
    assert.match(
      denied.headers.get("www-authenticate") ?? "",
      /^Digest realm="acs", qop="auth", algorithm=SHA-256, nonce="([^"]+)", Digest realm="acs", qop="auth", algorithm=MD5, nonce="\1"$/,
    );
    assert.equal(h.counter.counts().UpdateItem ?? 0, 0);
    assert.equal(await h.devices.getDevice(idOf("A1")), undefined);
  });

  it("spells the challenge header WWW-Authenticate", async () => {
    // Act
    const denied = await rawPost(h.url, inform("A2", ["0 BOOTSTRAP"]));

    // Assess
    assert.equal(denied.status, 401);
    assert.ok(denied.headerNames.includes("WWW-Authenticate"), `${denied.headerNames}`);
  });

  it("accepts the right digest and refuses a wrong one", async () => {
    const { parseChallenge } = await import("../../functions/core/http-digest/parse-challenge.ts");
    const { buildAuthorization } = await import(
      "../../functions/core/http-digest/build-authorization.ts"
    );
    const body = inform("A1", ["0 BOOTSTRAP"]);
    const attempt = async (password: string) => {
      const challengeHeader = (await post(h.url, body)).headers.get("www-authenticate") ?? "";
      const [challenge] = parseChallenge(challengeHeader);
      assert.ok(challenge?.scheme === "Digest");
      const authorization = buildAuthorization({
        challenge,
        username: "cpe",
        password,
        method: "POST",
        uri: "/",
        cnonce: "0a4f113b",
        nc: 1,
      });
      return post(h.url, body, { authorization });
    };
    assert.equal((await attempt("wrong")).status, 401);
    assert.equal(await h.devices.getDevice(idOf("A1")), undefined);
    const accepted = await attempt("s3cret");
    assert.equal(accepted.status, 200);
    assert.equal((await post(h.url, "", { cookie: accepted.cookie })).status, 204);
  });

  it("refuses Basic credentials when digest is required", async () => {
    const basic = `Basic ${Buffer.from("cpe:s3cret").toString("base64")}`;
    assert.equal((await post(h.url, inform("A2", []), { authorization: basic })).status, 401);
  });
});
