import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { XMLValidator } from "fast-xml-parser";
import { type BenchResults, readBenchResults } from "../../bench/bench-results.ts";
import { deviceOfRequestBody } from "../../bench/count-by-device.ts";
import type { ProvisionedDevice } from "../../bench/provisioning-device.ts";
import { summariseProvisioning } from "../../bench/provisioning-report.ts";
import { formatSummaryMarkdown } from "../../bench/summary-markdown.ts";
import { summaryGroups } from "../../bench/summary-series.ts";
import { renderSummarySvg } from "../../bench/summary-svg.ts";

const run = { at: "2026-11-24T18:00:00.000Z", machine: "2 x Test CPU, 8 GiB" };

const provisioning: NonNullable<BenchResults["provisioning"]> = {
  ...run,
  provisioning: {
    devices: 200,
    concurrency: 25,
    xmppRetryInitialMs: 500,
    provisioned: 199,
    failed: 1,
    devicesPerSecond: 4.97,
    readyP50Ms: 4935.2,
    readyP90Ms: 5746,
    readyP99Ms: 5792.4,
    provisioningSessionExchanges: 7,
    sessionsUntilReady: 3,
    dynamoRequestsPerDevice: 91,
    connectionRequests: {
      waitSeconds: 10,
      concurrency: 25,
      requests: 199,
      failed: 0,
      methods: { xmpp: 199 },
      perSecond: 40.4,
      p50Ms: 654.2,
      p90Ms: 704,
      p99Ms: 792,
      senderP50Ms: 6,
    },
  },
};

describe("the provisioning summary group", () => {
  const groups = summaryGroups({ provisioning });

  it("has the boot-to-ready series and the connection-request series", () => {
    assert.equal(groups.length, 1);
    const [group] = groups;
    assert.equal(group?.title, "XMPP provisioning");
    assert.equal(group?.file, "provisioning.json");
    const [ready, cr] = group?.series ?? [];
    assert.deepEqual(ready?.latencyMs, { p50: 4935.2, p90: 5746, p99: 5792.4 });
    assert.deepEqual(ready?.throughput, { perSecond: 4.97, unit: "devices/s" });
    assert.equal(ready?.failed, 1);
    assert.equal(ready?.samples, "200 (25 at once)");
    assert.deepEqual(cr?.throughput, { perSecond: 40.4, unit: "CRs/s" });
    assert.equal(cr?.name, "connection request over XMPP via the API (wait=10)");
  });

  it("puts its figures in the markdown table", () => {
    const rows = formatSummaryMarkdown(groups, run.machine)
      .split("\n")
      .filter((line) => line.startsWith("| XMPP provisioning"));
    assert.deepEqual(rows, [
      "| XMPP provisioning | boot → XMPP connection requests ready | 200 (25 at once) | 4.94 s | 5.75 s | 5.79 s | 4.97 devices/s | 1 | 7 exchanges in the provisioning session; 3 sessions until ready; 91 DynamoDB requests/device (medians); CPE XMPP retry 500 ms |",
      "| XMPP provisioning | connection request over XMPP via the API (wait=10) | 199 (25 at once) | 654 ms | 704 ms | 792 ms | 40.4 CRs/s | 0 | method xmpp for 199 of 199; sender IQ p50 6 ms |",
    ]);
  });

  it("draws devices/s in the throughput panel with its own colour", () => {
    const svg = renderSummarySvg(groups, run.machine);
    assert.equal(XMLValidator.validate(svg), true);
    assert.ok(svg.includes("4.97 devices/s"));
    assert.match(svg, /<rect x="[^"]+" y="[^"]+" width="[^"]+" height="8" fill="#edc948"\/>/);
  });

  it("reads provisioning.json next to the other results; a missing percentile shows as –", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-provisioning-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const saved = {
      ...provisioning,
      provisioning: { ...provisioning.provisioning, readyP90Ms: null, extra: "kept out" },
    };
    writeFileSync(join(dir, "provisioning.json"), JSON.stringify(saved));
    const results = readBenchResults(dir);
    assert.deepEqual(Object.keys(results), ["provisioning"]);
    const markdown = formatSummaryMarkdown(summaryGroups(results), "m");
    assert.ok(markdown.includes("| 200 (25 at once) | 4.94 s | – | 5.79 s |"));
  });
});

describe("deviceOfRequestBody", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("finds the device of a device item, parameter, task index or idempotency key", () => {
    const key = (pk: string) => `{"TableName":"acs","Key":{"pk":{"S":"${pk}"},"sk":{"S":"META"}}}`;
    assert.equal(
      deviceOfRequestBody(key("DEV#00D09E-SIM%2DHGW-P000003")),
      "00D09E-SIM%2DHGW-P000003",
    );
    assert.equal(deviceOfRequestBody(bytes(key("DEV#A-B-C"))), "A-B-C");
    assert.equal(deviceOfRequestBody(bytes(`{":d":{"S":"DEVTASKS#A-B-C"}}`)), "A-B-C");
    assert.equal(deviceOfRequestBody(key("IDEM#A-B-C#key-1")), "A-B-C");
  });

  it("names no device for other items and non-text bodies", () => {
    assert.equal(deviceOfRequestBody(`{":p":{"S":"DEVICES#3"}}`), undefined);
    assert.equal(deviceOfRequestBody(`{"pk":{"S":"PROFILE#xmpp"}}`), undefined);
    assert.equal(deviceOfRequestBody(`{"pk":{"S":"CAMPAIGNS#running"}}`), undefined);
    assert.equal(deviceOfRequestBody(undefined), undefined);
  });
});

describe("summariseProvisioning", () => {
  const session = (startAt: number, endAt: number, events: string[], exchanges: number) => ({
    startAt,
    endAt,
    events,
    result: "completed" as const,
    exchanges,
    error: undefined,
  });
  const device = (serial: string, at: Partial<ProvisionedDevice>): ProvisionedDevice =>
    ({
      serial,
      id: `OUI-PC-${serial}`,
      loginFailures: 0,
      lastLoginError: undefined,
      sessions: [],
      ...at,
    }) as ProvisionedDevice;

  const result = summariseProvisioning({
    settings: {
      devices: 3,
      concurrency: 2,
      warmupDevices: 0,
      xmppRetryInitialMs: 500,
      deviceTimeoutMs: 60_000,
      crConcurrency: 2,
    },
    measured: [
      device("A", {
        bootAt: 1000,
        boundAt: 2100,
        readyAt: 3000,
        sessions: [
          session(1000, 2000, ["0 BOOTSTRAP", "1 BOOT"], 7),
          session(2000, 2200, ["4 VALUE CHANGE"], 2),
          session(2200, 3000, ["4 VALUE CHANGE"], 2),
          session(5000, 5100, ["6 CONNECTION REQUEST"], 2),
        ],
      }),
      device("B", {
        bootAt: 0,
        boundAt: 3000,
        readyAt: 4000,
        loginFailures: 2,
        sessions: [
          session(0, 2500, ["0 BOOTSTRAP", "1 BOOT"], 7),
          session(3000, 4000, ["4 VALUE CHANGE"], 2),
        ],
      }),
      device("C", { bootAt: 0, sessions: [session(0, 900, ["0 BOOTSTRAP", "1 BOOT"], 1)] }),
    ],
    elapsedMs: 5000,
    firstFailure: "C not ready",
    counts: {
      byDevice: {
        "OUI-PC-A": { GetItem: 9, UpdateItem: 50 },
        "OUI-PC-B": { GetItem: 10, Query: 4, UpdateItem: 60 },
        "OUI-PC-C": { UpdateItem: 1000 },
      },
      unattributed: { Query: 12 },
    },
    apiReady: 2,
    acsCpuMs: 400,
    prosodyCpuMs: 20,
    driverCpuMs: 60,
    acsPeakRssMiB: 200.04,
    crs: [
      {
        latencyMs: 300,
        method: "xmpp",
        outcome: "delivered",
        sessionStarted: true,
        senderLatencyMs: 5,
      },
      {
        latencyMs: 700,
        method: "http",
        outcome: "delivered",
        sessionStarted: true,
        problem: "OUI-PC-B: http",
      },
    ],
    crElapsedMs: 1000,
    crWaitSeconds: 10,
    acsLog: {},
  });

  it("times readiness from each device's boot and counts only the devices that got there", () => {
    assert.equal(result.provisioned, 2);
    assert.equal(result.failed, 1);
    assert.equal(result.firstFailure, "C not ready");
    assert.equal(result.readyP50Ms, 2000);
    assert.equal(result.readyP99Ms, 4000);
    assert.equal(result.devicesPerSecond, 0.4);
    assert.equal(result.loginP50Ms, 1100);
  });

  it("counts the sessions up to ready, and the first session's exchanges", () => {
    assert.equal(result.provisioningSessionExchanges, 7);
    assert.equal(result.maxSessionsUntilReady, 3);
    assert.deepEqual(result.sessionEventsUntilReady, {
      "0 BOOTSTRAP + 1 BOOT (completed)": 2,
      "4 VALUE CHANGE (completed)": 3,
    });
  });

  it("takes DynamoDB medians over the provisioned devices, an absent operation as 0", () => {
    assert.equal(result.dynamoRequestsPerDevice, 59);
    assert.deepEqual(result.dynamoRequestsPerDeviceByOperation, {
      GetItem: 9,
      Query: 0,
      UpdateItem: 50,
    });
    assert.equal(result.acsCpuMsPerDevice, 200);
  });

  it("counts a connection request that did not go over XMPP as failed", () => {
    const cr = result.connectionRequests;
    assert.equal(cr.failed, 1);
    assert.equal(cr.firstFailure, "OUI-PC-B: http");
    assert.deepEqual(cr.methods, { xmpp: 1, http: 1 });
    assert.equal(cr.perSecond, 2);
    assert.equal(cr.senderP50Ms, 5);
  });
});
