import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SessionRecord } from "../../functions/simulator/cpe-types.ts";
import { type UploadSource, uploadContent } from "../../functions/simulator/upload-content.ts";

function source(sessions: readonly SessionRecord[] = []): UploadSource {
  const cpe = createSimulatedCpe({ serialNumber: "UC0001", acsUrl: "http://127.0.0.1:9/" });
  return { serialNumber: "UC0001", model: cpe.model(), bootTimeMs: Date.UTC(2026, 0, 2), sessions };
}

describe("uploadContent (TR-069 A.4.1.5 FileTypes)", () => {
  it("a configuration file is one name=value line per parameter, hidden values empty", () => {
    // Prepare
    const device = source();
    // Act
    const text = uploadContent("1 Vendor Configuration File", device, Date.now())?.toString();
    // Assess
    const lines = text?.trimEnd().split("\n") ?? [];
    assert.equal(lines.length, device.model.parameterCount());
    assert.ok(lines.includes("Device.DeviceInfo.SerialNumber=UC0001"));
    assert.ok(lines.includes("Device.ManagementServer.ConnectionRequestPassword="));
    assert.ok(lines.every((line) => /^Device\.[^=]+=/.test(line)));
  });

  it("a configuration file follows the model: a value changed by SPV is in the next dump", () => {
    // Prepare
    const device = source();
    device.model.setParameterValues([
      { name: "Device.WiFi.SSID.1.SSID", value: "two\nlines", type: "string" },
    ]);
    // Act
    const text = uploadContent("3 Vendor Configuration File 2", device, Date.now())?.toString();
    // Assess
    assert.match(text ?? "", /^Device\.WiFi\.SSID\.1\.SSID=two\\nlines$/m);
  });

  it("a log file names the device, its firmware and its sessions", () => {
    // Prepare
    const device = source([
      {
        events: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
        result: { kind: "completed", exchanges: 3, cookies: [] },
        durationMs: 5,
        rpcs: [],
      },
    ]);
    // Act
    const text = uploadContent("2 Vendor Log File", device, Date.UTC(2026, 0, 3))?.toString();
    // Assess
    assert.equal(
      text,
      [
        "2026-01-02T00:00:00Z boot: UC0001 running 1.0.0",
        "session 1: 0 BOOTSTRAP: completed after 3 exchanges",
        "2026-01-03T00:00:00Z upload: log file requested by the ACS",
        "",
      ].join("\n"),
    );
  });

  it("has no file for another FileType", () => {
    assert.equal(uploadContent("X 00D09E Core Dump", source(), Date.now()), undefined);
    assert.ok(uploadContent("4 Vendor Log File 1", source(), Date.now()));
  });
});
