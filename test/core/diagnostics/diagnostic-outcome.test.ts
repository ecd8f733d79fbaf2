import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnosticOutcome } from "../../../functions/core/diagnostics/diagnostic-outcome.ts";

const values = (object: string, entries: Record<string, string>) =>
  Object.entries(entries).map(([name, value]) => ({ name: `${object}${name}`, value }));

describe("diagnosticOutcome", () => {
  it("IPPing Complete: counts and min/avg/max times", () => {
    // Prepare
    const object = "Device.IP.Diagnostics.IPPing.";
    const read = values(object, {
      DiagnosticsState: "Complete",
      SuccessCount: "3",
      FailureCount: "1",
      AverageResponseTime: "12",
      MinimumResponseTime: "8",
      MaximumResponseTime: "17",
    });

    // Act
    const outcome = diagnosticOutcome("IPPing", object, read);

    // Assess
    assert.deepEqual(outcome, {
      kind: "completed",
      result: {
        type: "IPPing",
        successCount: 3,
        failureCount: 1,
        averageResponseTimeMs: 12,
        minimumResponseTimeMs: 8,
        maximumResponseTimeMs: 17,
      },
    });
  });

  it("an error state fails with the state and a reason in words", () => {
    // Prepare
    const object = "Device.IP.Diagnostics.IPPing.";

    // Act
    const outcome = diagnosticOutcome(
      "IPPing",
      object,
      values(object, { DiagnosticsState: "Error_CannotResolveHostName" }),
    );

    // Assess
    assert.deepEqual(outcome, {
      kind: "failed",
      failure: {
        cpeState: "Error_CannotResolveHostName",
        reason: "the CPE could not resolve the host name",
      },
    });
  });

  it("an unknown error state is named as reported; None means aborted", () => {
    // Prepare
    const object = "Device.IP.Diagnostics.IPPing.";

    // Act
    const odd = diagnosticOutcome(
      "IPPing",
      object,
      values(object, { DiagnosticsState: "Error_Vendor" }),
    );
    const none = diagnosticOutcome("IPPing", object, values(object, { DiagnosticsState: "None" }));

    // Assess
    assert.equal(odd.kind === "failed" && odd.failure.reason, "the CPE reported Error_Vendor");
    assert.match(none.kind === "failed" ? none.failure.reason : "", /aborted/);
  });

  it("Requested is still running (another test's 8 DIAGNOSTICS COMPLETE)", () => {
    // Prepare
    const object = "Device.IP.Diagnostics.TraceRoute.";

    // Act
    const outcome = diagnosticOutcome(
      "TraceRoute",
      object,
      values(object, { DiagnosticsState: "Requested" }),
    );

    // Assess
    assert.deepEqual(outcome, { kind: "pending" });
  });

  it("no DiagnosticsState at all fails, naming the missing parameter", () => {
    // Act
    const outcome = diagnosticOutcome("IPPing", "Device.IP.Diagnostics.IPPing.", []);

    // Assess
    assert.match(outcome.kind === "failed" ? outcome.failure.reason : "", /DiagnosticsState/);
  });

  it("TraceRoute hops in instance order, TR-181 and TR-098 (Hop*) names", () => {
    // Prepare
    const tr181 = "Device.IP.Diagnostics.TraceRoute.";
    const tr098 = "InternetGatewayDevice.TraceRouteDiagnostics.";
    const read181 = values(tr181, {
      DiagnosticsState: "Complete",
      ResponseTime: "31",
      "RouteHops.10.Host": "far",
      "RouteHops.10.HostAddress": "203.0.113.9",
      "RouteHops.10.ErrorCode": "0",
      "RouteHops.10.RTTimes": "30,31",
      "RouteHops.2.Host": "near",
      "RouteHops.2.HostAddress": "192.168.1.254",
      "RouteHops.2.ErrorCode": "0",
      "RouteHops.2.RTTimes": "1, 2,3",
    });
    const read098 = values(tr098, {
      DiagnosticsState: "Complete",
      ResponseTime: "5",
      "RouteHops.1.HopHost": "gw",
      "RouteHops.1.HopHostAddress": "10.0.0.1",
      "RouteHops.1.HopErrorCode": "11",
      "RouteHops.1.HopRTTimes": "4",
    });

    // Act
    const a = diagnosticOutcome("TraceRoute", tr181, read181);
    const b = diagnosticOutcome("TraceRoute", tr098, read098);

    // Assess
    assert.deepEqual(a.kind === "completed" && a.result, {
      type: "TraceRoute",
      responseTimeMs: 31,
      hops: [
        { host: "near", hostAddress: "192.168.1.254", errorCode: 0, rttTimesMs: [1, 2, 3] },
        { host: "far", hostAddress: "203.0.113.9", errorCode: 0, rttTimesMs: [30, 31] },
      ],
    });
    assert.deepEqual(b.kind === "completed" && b.result, {
      type: "TraceRoute",
      responseTimeMs: 5,
      hops: [{ host: "gw", hostAddress: "10.0.0.1", errorCode: 11, rttTimesMs: [4] }],
    });
  });

  it("Download: throughput over BOMTime..EOMTime with microseconds, test bytes first, connect time", () => {
    // Prepare
    const object = "Device.IP.Diagnostics.DownloadDiagnostics.";
    const read = values(object, {
      DiagnosticsState: "Complete",
      ROMTime: "2026-12-01T10:00:00.000000Z",
      TCPOpenRequestTime: "2026-12-01T10:00:00.001000Z",
      TCPOpenResponseTime: "2026-12-01T10:00:00.011500Z",
      BOMTime: "2026-12-01T10:00:00.020000Z",
      EOMTime: "2026-12-01T10:00:01.020000Z",
      TestBytesReceived: "12500000",
      TotalBytesReceived: "12600000",
    });

    // Act
    const outcome = diagnosticOutcome("DownloadDiagnostics", object, read);

    // Assess
    assert.deepEqual(outcome.kind === "completed" && outcome.result, {
      type: "DownloadDiagnostics",
      bytes: 12_500_000,
      durationMs: 1000,
      throughputBitsPerSecond: 100_000_000,
      connectTimeMs: 10.5,
      romTime: "2026-12-01T10:00:00.000000Z",
      bomTime: "2026-12-01T10:00:00.020000Z",
      eomTime: "2026-12-01T10:00:01.020000Z",
    });
  });

  it("Upload on TR-098: TestFileLength when no byte counter is reported; unknown times give 0", () => {
    // Prepare
    const object = "InternetGatewayDevice.UploadDiagnostics.";
    const complete = values(object, {
      DiagnosticsState: "Complete",
      BOMTime: "2026-12-01T10:00:00Z",
      EOMTime: "2026-12-01T10:00:02Z",
      TestFileLength: "1000000",
    });
    const unknown = values(object, {
      DiagnosticsState: "Complete",
      BOMTime: "0001-01-01T00:00:00Z",
      EOMTime: "0001-01-01T00:00:00Z",
      TotalBytesSent: "5",
    });

    // Act
    const a = diagnosticOutcome("UploadDiagnostics", object, complete);
    const b = diagnosticOutcome("UploadDiagnostics", object, unknown);

    // Assess
    assert.equal(
      a.kind === "completed" &&
        a.result.type === "UploadDiagnostics" &&
        a.result.throughputBitsPerSecond,
      4_000_000,
    );
    assert.equal(
      b.kind === "completed" &&
        b.result.type === "UploadDiagnostics" &&
        b.result.throughputBitsPerSecond,
      0,
    );
  });

  it("NSLookup answers and ServerSelection's fastest host", () => {
    // Prepare
    const ns = "Device.DNS.Diagnostics.NSLookupDiagnostics.";
    const ss = "Device.IP.Diagnostics.ServerSelectionDiagnostics.";

    // Act
    const a = diagnosticOutcome(
      "NSLookup",
      ns,
      values(ns, {
        DiagnosticsState: "Complete",
        SuccessCount: "1",
        "Result.1.Status": "Success",
        "Result.1.AnswerType": "NonAuthoritative",
        "Result.1.HostNameReturned": "example.net",
        "Result.1.IPAddresses": "198.51.100.7,2001:db8::7",
        "Result.1.DNSServerIP": "192.168.1.1",
        "Result.1.ResponseTime": "4",
      }),
    );
    const b = diagnosticOutcome(
      "ServerSelection",
      ss,
      values(ss, {
        DiagnosticsState: "Complete",
        FastestHost: "b.example",
        MinimumResponseTime: "6",
        AverageResponseTime: "9",
        MaximumResponseTime: "14",
      }),
    );

    // Assess
    assert.deepEqual(a.kind === "completed" && a.result, {
      type: "NSLookup",
      successCount: 1,
      answers: [
        {
          status: "Success",
          answerType: "NonAuthoritative",
          hostNameReturned: "example.net",
          ipAddresses: ["198.51.100.7", "2001:db8::7"],
          dnsServerIp: "192.168.1.1",
          responseTimeMs: 4,
        },
      ],
    });
    assert.deepEqual(b.kind === "completed" && b.result, {
      type: "ServerSelection",
      fastestHost: "b.example",
      minimumResponseTimeMs: 6,
      averageResponseTimeMs: 9,
      maximumResponseTimeMs: 14,
    });
  });
});
