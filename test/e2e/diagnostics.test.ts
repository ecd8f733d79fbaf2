import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { AcsMessage } from "../../functions/core/cwmp/acs-messages.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import type { LocalAcsHarness } from "../support/local-acs-harness.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * Diagnostics end to end on the local ACS (TR-143 test objects): the API queues one
 * SetParameterValues and wakes the device, the simulated TR-181 CPE runs the test after the
 * session and reports 8 DIAGNOSTICS COMPLETE in a new one, the ACS reads the result subtree and
 * stores a typed result. A TR-098 device is played by a scripted exchange.
 */
describe("diagnostics on the local ACS", { concurrency: true }, () => {
  let acs: LocalAcsHarness;
  let rig: SimulatedCpeRig;
  let counter = 0;

  before(async () => {
    rig = await startSimulatedCpeRig();
    acs = rig.acs;
  });
  after(async () => {
    await rig.stop();
  });

  async function boot() {
    counter += 1;
    const { id } = await rig.boot({
      serialNumber: `DIA${String(counter).padStart(4, "0")}`,
      periodicInformIntervalSec: 300,
      diagnosticDurationMs: 200,
    });
    return id;
  }

  const post = (id: string, body: unknown) =>
    acs.api("POST", `/devices/${encodeURIComponent(id)}/diagnostics`, { body });

  async function ended(diagnosticId: string) {
    return until(`diagnostic ${diagnosticId} to end`, async () => {
      const shown = (await acs.api("GET", `/diagnostics/${diagnosticId}`)).body;
      return ["completed", "failed", "timedOut"].includes(shown.state) ? shown : undefined;
    });
  }

  it("IPPing completes with counts and times, in GET /diagnostics/{id}, the device view and an event", async () => {
    // Prepare
    const id = await boot();

    // Act
    const created = await post(id, { type: "IPPing", host: "example.net", numberOfRepetitions: 3 });
    const diagnostic = await ended(created.body.id);

    // Assess
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal(created.body.objectPath, "Device.IP.Diagnostics.IPPing.");
    assert.equal(created.body.connectionRequest.queued, true);
    assert.equal(diagnostic.state, "completed", JSON.stringify(diagnostic));
    assert.deepEqual(diagnostic.result, {
      type: "IPPing",
      successCount: 3,
      failureCount: 0,
      averageResponseTimeMs: 12,
      minimumResponseTimeMs: 8,
      maximumResponseTimeMs: 17,
    });
    const device = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    assert.equal(device.diagnostics[0]?.id, created.body.id);
    const events = (await readFile(acs.eventsFile, "utf8")).split("\n").filter(Boolean);
    assert.ok(
      events.some(
        (line) => line.includes("DiagnosticsCompleted") && line.includes(created.body.id),
      ),
      "DiagnosticsCompleted published",
    );
  });

  it("an unresolvable host ends failed with the CPE's error state and the reason", async () => {
    // Prepare
    const id = await boot();

    // Act
    const created = await post(id, { type: "TraceRoute", host: "unresolvable.invalid" });
    const diagnostic = await ended(created.body.id);

    // Assess
    assert.equal(diagnostic.state, "failed");
    assert.equal(diagnostic.failure.cpeState, "Error_CannotResolveHostName");
    assert.match(diagnostic.failure.reason, /could not resolve/);
  });

  it("a download test reports throughput from BOMTime..EOMTime and the bytes", async () => {
    // Prepare
    const id = await boot();

    // Act
    const created = await post(id, {
      type: "DownloadDiagnostics",
      downloadURL: "http://speed.example.net/1MB",
    });
    const diagnostic = await ended(created.body.id);

    // Assess
    assert.equal(diagnostic.state, "completed", JSON.stringify(diagnostic));
    assert.equal(diagnostic.result.bytes, 1_000_000);
    assert.equal(diagnostic.result.durationMs, 80);
    assert.equal(diagnostic.result.throughputBitsPerSecond, 100_000_000);
  });

  it("refuses a second diagnostic of the same type while one is open (409), another type is fine", async () => {
    // Prepare: a registered device nobody wakes, so the first test stays open
    const id = await acs.register(`DIB${Date.now()}`);
    const first = await post(id, { type: "IPPing", host: "example.net" });

    // Act
    const second = await post(id, { type: "IPPing", host: "example.org" });
    const other = await post(id, { type: "TraceRoute", host: "example.org" });

    // Assess
    assert.equal(first.status, 202);
    assert.equal(second.status, 409, JSON.stringify(second.body));
    assert.equal(second.body.error, "diagnostic-running");
    assert.equal(other.status, 202, JSON.stringify(other.body));
  });

  it("a TR-098 device: InternetGatewayDevice.IPPingDiagnostics., and NSLookup refused (422)", async () => {
    // Prepare
    const cpe = tr098Cpe(acs, `DIC${Date.now()}`);
    const id = await cpe.register();

    // Act
    const nslookup = await post(id, { type: "NSLookup", hostName: "example.net" });
    const created = await post(id, { type: "IPPing", host: "example.net" });
    const sent = await cpe.session("6 CONNECTION REQUEST", () => ({
      method: "SetParameterValuesResponse",
      status: 0,
    }));
    const read = await cpe.session("8 DIAGNOSTICS COMPLETE", () => ({
      method: "GetParameterValuesResponse",
      parameterList: pingResults("InternetGatewayDevice.IPPingDiagnostics."),
    }));
    const diagnostic = (await acs.api("GET", `/diagnostics/${created.body.id}`)).body;

    // Assess
    assert.equal(nslookup.status, 422, JSON.stringify(nslookup.body));
    assert.equal(nslookup.body.error, "diagnostic-unsupported");
    assert.equal(sent?.method, "SetParameterValues");
    assert.deepEqual(
      sent?.method === "SetParameterValues" && sent.parameterList.map((p) => [p.name, p.value]),
      [
        ["InternetGatewayDevice.IPPingDiagnostics.Host", "example.net"],
        ["InternetGatewayDevice.IPPingDiagnostics.DiagnosticsState", "Requested"],
      ],
    );
    assert.deepEqual(read?.method === "GetParameterValues" && read.parameterNames, [
      "InternetGatewayDevice.IPPingDiagnostics.",
    ]);
    assert.equal(diagnostic.state, "completed", JSON.stringify(diagnostic));
    assert.equal(diagnostic.result.successCount, 4);
  });
});

function pingResults(object: string) {
  return Object.entries({
    DiagnosticsState: "Complete",
    SuccessCount: "4",
    FailureCount: "0",
    AverageResponseTime: "20",
    MinimumResponseTime: "10",
    MaximumResponseTime: "30",
  }).map(([name, value]) => ({ name: `${object}${name}`, value, type: "string" }));
}

/**
 * A TR-098 CPE played by hand: an Inform with the event, an empty POST, then `answer` for the
 * one RPC the ACS sends (returned), then the empty POST that ends the session.
 */
function tr098Cpe(acs: LocalAcsHarness, serial: string) {
  const codec = createCwmpCodec();
  const deviceId = {
    manufacturer: "Acme",
    oui: "00D09E",
    productClass: "IGD",
    serialNumber: serial,
  };
  const post = async (body: string, cookie: string) => {
    const response = await fetch(acs.cwmpUrl, {
      method: "POST",
      headers: cookie ? { cookie } : {},
      body,
    });
    return { response, text: await response.text() };
  };
  const inform = (eventCode: string) =>
    codec.encodeCpeMessage({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      header: { id: "1" },
      body: {
        method: "Inform",
        deviceId,
        event: [{ eventCode, commandKey: "" }],
        maxEnvelopes: 1,
        currentTime: "2026-11-24T10:00:00Z",
        retryCount: 0,
        parameterList: [
          {
            name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
            value: "1.0",
            type: "string",
          },
        ],
      },
    });
  async function session(
    eventCode: string,
    answer: (rpc: AcsMessage) => CpeMessage,
  ): Promise<AcsMessage | undefined> {
    const informed = await post(inform(eventCode), "");
    const cookie = informed.response.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const first = await post("", cookie);
    if (first.response.status === 204) return undefined;
    const rpc = codec.decodeAcsMessage(first.text).body ?? assert.fail("an RPC, not an empty body");
    const reply = codec.encodeCpeMessage({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      header: { id: "2" },
      body: answer(rpc),
    });
    const last = await post(reply, cookie);
    assert.equal(last.response.status, 204, `session ends after one RPC: ${last.text}`);
    return rpc;
  }
  return {
    register: async () => {
      await session("0 BOOTSTRAP", () => assert.fail("no RPC expected at registration"));
      return `${deviceId.oui}-${deviceId.productClass}-${serial}`;
    },
    session,
  };
}
