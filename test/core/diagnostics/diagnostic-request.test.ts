import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnosticRequest } from "../../../functions/core/diagnostics/diagnostic-request.ts";

describe("diagnosticRequest", () => {
  it("TR-181: the arguments under Device.IP.Diagnostics.IPPing., DiagnosticsState = Requested last", () => {
    // Act
    const request = diagnosticRequest("IPPing", "Device.", {
      host: "example.net",
      numberOfRepetitions: 3,
    });

    // Assess
    assert.deepEqual(request, {
      kind: "request",
      objectPath: "Device.IP.Diagnostics.IPPing.",
      parameterValues: [
        ["Device.IP.Diagnostics.IPPing.Host", "example.net", "string"],
        ["Device.IP.Diagnostics.IPPing.NumberOfRepetitions", "3", "unsignedInt"],
        ["Device.IP.Diagnostics.IPPing.DiagnosticsState", "Requested", "string"],
      ],
    });
  });

  it("TR-098: InternetGatewayDevice.TraceRouteDiagnostics., NSLookup unsupported", () => {
    // Act
    const trace = diagnosticRequest("TraceRoute", "InternetGatewayDevice.", { host: "a" });
    const ns = diagnosticRequest("NSLookup", "InternetGatewayDevice.", { hostName: "a" });

    // Assess
    assert.equal(
      trace.kind === "request" && trace.objectPath,
      "InternetGatewayDevice.TraceRouteDiagnostics.",
    );
    assert.equal(ns.kind, "unsupported");
    assert.match(ns.kind === "unsupported" ? ns.reason : "", /TR-181/);
  });

  it("a TR-181-only argument is refused on TR-098; an unknown argument everywhere", () => {
    // Act
    const version = diagnosticRequest("IPPing", "InternetGatewayDevice.", {
      host: "a",
      protocolVersion: "IPv4",
    });
    const unknown = diagnosticRequest("IPPing", "Device.", { host: "a", hops: 3 });

    // Assess
    assert.equal(version.kind, "unsupported");
    assert.equal(unknown.kind, "unsupported");
  });

  it("NSLookup under Device.DNS.Diagnostics.NSLookupDiagnostics.", () => {
    // Act
    const request = diagnosticRequest("NSLookup", "Device.", { hostName: "example.net" });

    // Assess
    assert.equal(
      request.kind === "request" && request.objectPath,
      "Device.DNS.Diagnostics.NSLookupDiagnostics.",
    );
  });
});
