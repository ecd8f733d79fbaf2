import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import {
  createSimulatedCpe,
  type SimulatedCpe,
  type SimulatedCpeOptions,
} from "../../functions/simulator/cpe.ts";
import { eventCodes, type FakeAcs, type FakeAcsOptions, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";

const download = {
  method: "Download",
  commandKey: "fw-2",
  fileType: "1 Firmware Upgrade Image",
  url: "http://127.0.0.1:9/images/fw-2.0.0.bin",
  username: "",
  password: "",
  fileSize: 1024,
  targetFileName: "",
  delaySeconds: 0,
  successURL: "",
  failureURL: "",
} as const;

describe("SimulatedCpe lifecycle (TR-069 3.7)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fake ACS and a started device whose first (bootstrap) session is done. */
  async function bootedCpe(
    acsOptions: FakeAcsOptions = {},
    cpeOptions: Partial<SimulatedCpeOptions> = {},
  ): Promise<{ acs: FakeAcs; cpe: SimulatedCpe }> {
    const acs = await startFakeAcs(acsOptions);
    cleanups.push(() => acs.close());
    const cpe = createSimulatedCpe({
      serialNumber: "L1",
      acsUrl: acs.url,
      rebootDelayMs: 0,
      transferDurationMs: 0,
      retryMinWaitSec: 0.01,
      ...cpeOptions,
    });
    cleanups.push(() => cpe.stop());
    cpe.start();
    await waitUntil(() => cpe.sessions().length >= 1, "the bootstrap session");
    return { acs, cpe };
  }

  const lastInform = (acs: FakeAcs) => {
    const inform = acs.informs().at(-1);
    assert.ok(inform, "no Inform received");
    return inform;
  };

  it("reboots after the session that asked, then informs 1 BOOT and M Reboot", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe();
    acs.enqueue({ method: "Reboot", commandKey: "rb-7" });
    // Act
    assert.equal(cpe.connectionRequest(), "accepted");
    await waitUntil(() => acs.informs().length === 3, "the Inform after the reboot");
    // Assess
    const inform = lastInform(acs);
    assert.deepEqual(eventCodes(inform), ["1 BOOT", "M Reboot"]);
    assert.equal(inform.event[1]?.commandKey, "rb-7");
  });

  it("installs a downloaded firmware, reboots and reports TransferComplete with the CommandKey", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe();
    acs.enqueue(download);
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 3, "the session after the download");
    // Assess
    const answer = acs.posts.find((post) => post.message?.method === "DownloadResponse")?.message;
    assert.equal(answer?.method === "DownloadResponse" && answer.status, 1);
    const inform = lastInform(acs);
    assert.deepEqual(eventCodes(inform), ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]);
    assert.equal(inform.event[2]?.commandKey, "fw-2");
    const complete = acs.posts.at(-2)?.message;
    assert.equal(complete?.method, "TransferComplete");
    assert.equal(complete.commandKey, "fw-2");
    assert.equal(complete.faultStruct.faultCode, 0);
    assert.equal(cpe.model().read("Device.DeviceInfo.SoftwareVersion"), "fw-2.0.0");
  });

  it("reports a failed download with fault 9010 and does not reboot", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe();
    acs.enqueue({ ...download, url: "http://127.0.0.1:9/fail.bin" });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 3, "the session reporting the failure");
    // Assess
    assert.deepEqual(eventCodes(lastInform(acs)), ["7 TRANSFER COMPLETE", "M Download"]);
    const complete = acs.posts.find((post) => post.message?.method === "TransferComplete")?.message;
    assert.equal(complete?.method === "TransferComplete" && complete.faultStruct.faultCode, 9010);
    assert.equal(cpe.model().read("Device.DeviceInfo.SoftwareVersion"), "1.0.0");
  });

  it("reports an upload with M Upload and TransferComplete", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe();
    acs.enqueue({
      method: "Upload",
      commandKey: "up-1",
      fileType: "1 Vendor Configuration File",
      url: "http://127.0.0.1:9/upload",
      username: "",
      password: "",
      delaySeconds: 0,
    });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 3, "the session reporting the upload");
    // Assess
    assert.deepEqual(eventCodes(lastInform(acs)), ["7 TRANSFER COMPLETE", "M Upload"]);
  });

  it("bootstraps again after a factory reset, with the configuration back to defaults", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe();
    acs.enqueue(
      {
        method: "SetParameterValues",
        parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: "changed", type: "string" }],
        parameterKey: "k",
      },
      { method: "FactoryReset" },
    );
    // Act
    cpe.connectionRequest();
    await waitUntil(() => acs.informs().length === 3, "the Inform after the factory reset");
    // Assess
    assert.deepEqual(eventCodes(lastInform(acs)), ["0 BOOTSTRAP", "1 BOOT"]);
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "SIM-L1-1");
  });

  it("informs 3 SCHEDULED and M ScheduleInform after a ScheduleInform", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe();
    acs.enqueue({ method: "ScheduleInform", delaySeconds: 1, commandKey: "si-9" });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => acs.informs().length === 3, "the scheduled Inform");
    // Assess
    assert.deepEqual(eventCodes(lastInform(acs)), ["3 SCHEDULED", "M ScheduleInform"]);
    assert.equal(lastInform(acs).event[1]?.commandKey, "si-9");
  });

  it("informs 2 PERIODIC when the periodic timer fires", async () => {
    // Prepare
    const { acs } = await bootedCpe({}, { periodicInformIntervalSec: 1 });
    // Act
    await waitUntil(() => acs.informs().length === 2, "the periodic Inform");
    // Assess
    assert.deepEqual(eventCodes(lastInform(acs)), ["2 PERIODIC"]);
  });

  it("answers an unknown RPC with fault 9000 and carries on", async () => {
    // Prepare
    const rawRpc =
      '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">' +
      "x-1</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:X_ACME_Frobnicate/></soap-env:Body>" +
      "</soap-env:Envelope>";
    const { acs, cpe } = await bootedCpe({
      override: (post) =>
        post.session === 2 && post.message === null ? { kind: "raw", body: rawRpc } : undefined,
    });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 2, "the session with the unknown RPC");
    // Assess
    const fault = acs.posts.find((post) => post.message?.method === "Fault")?.message;
    assert.equal(fault?.method === "Fault" && fault.faultCode, 9000);
    assert.equal(cpe.sessions()[1]?.result.kind, "completed");
  });

  it("comes back after a 503 with Retry-After, counting the retry in the Inform", async () => {
    // Prepare
    const { acs, cpe } = await bootedCpe({
      override: (_post, index) =>
        index === 0 ? { kind: "status", status: 503, headers: { "retry-after": "0" } } : undefined,
    });
    // Act
    await waitUntil(
      () => cpe.sessions().some((s) => s.result.kind === "completed"),
      "a completed session",
    );
    // Assess
    assert.equal(cpe.sessions()[0]?.result.kind, "busy");
    assert.deepEqual(
      acs.informs().map((inform) => inform.retryCount),
      [0, 1],
    );
    assert.deepEqual(eventCodes(lastInform(acs)), ["0 BOOTSTRAP", "1 BOOT"]);
  });

  it("authenticates to the ACS with Digest using ManagementServer.Username/Password", async () => {
    // Prepare, Act
    const { acs, cpe } = await bootedCpe(
      { digestUsers: { cpe: "secret" } },
      { acsUsername: "cpe", acsPassword: "secret" },
    );
    // Assess
    assert.equal(cpe.sessions()[0]?.result.kind, "completed");
    assert.deepEqual(
      acs.posts.map((post) => post.authorized),
      [false, true, true],
    );
  });

  it("fails the session on wrong ACS credentials and retries after the back-off", async () => {
    // Prepare, Act
    const { acs, cpe } = await bootedCpe(
      { digestUsers: { cpe: "secret" } },
      { acsUsername: "cpe", acsPassword: "wrong" },
    );
    await waitUntil(() => acs.informs().length >= 4, "the retried Informs");
    // Assess
    const [first] = cpe.sessions();
    assert.equal(
      first?.result.kind === "failed" && first.result.error.name,
      "AcsAuthenticationError",
    );
    assert.ok(acs.informs().every((inform) => eventCodes(inform).includes("0 BOOTSTRAP")));
    assert.equal(
      acs.posts.some((post) => post.authorized),
      false,
    );
  });
});
