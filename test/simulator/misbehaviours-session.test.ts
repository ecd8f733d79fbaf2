import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import {
  createSimulatedCpe,
  type SimulatedCpe,
  type SimulatedCpeOptions,
} from "../../functions/simulator/cpe.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import { eventCodes, type FakeAcs, type RecordedPost, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";

const methodOf = (post: RecordedPost | undefined): string =>
  post === undefined ? "none" : (post.message?.method ?? "empty");

describe("SimulatedCpe misbehaviours in the session flow", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fake ACS and a started misbehaving device, after its first session. */
  async function startedCpe(
    misbehaviours: Misbehaviours,
    cpeOptions: Partial<SimulatedCpeOptions> = {},
  ): Promise<{ acs: FakeAcs; cpe: SimulatedCpe }> {
    const acs = await startFakeAcs();
    cleanups.push(() => acs.close());
    const cpe = createSimulatedCpe({
      serialNumber: "M1",
      acsUrl: acs.url,
      rebootDelayMs: 0,
      transferDurationMs: 0,
      retryMinWaitSec: 0.01,
      misbehaviours,
      ...cpeOptions,
    });
    cleanups.push(() => cpe.stop());
    cpe.start();
    await waitUntil(() => cpe.sessions().length >= 1, "the first session");
    return { acs, cpe };
  }

  it("dieOn: hangs up on the RPC, comes back at once with 1 BOOT and no cookie, once", async () => {
    // Prepare
    const { acs, cpe } = await startedCpe({ dieOn: { method: "AddObject" } });
    const addObject = {
      method: "AddObject",
      objectName: "Device.WiFi.SSID.",
      parameterKey: "",
    } as const;
    acs.enqueue(addObject);
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 3, "the session after the crash");
    acs.enqueue(addObject);
    assert.equal(cpe.connectionRequest(), "accepted");
    await waitUntil(() => cpe.sessions().length === 4, "the session after the next CR");
    // Assess
    const died = acs.posts.filter((post) => post.session === 2);
    assert.deepEqual(died.map(methodOf), ["Inform", "empty"], "AddObject left unanswered");
    assert.equal(cpe.sessions()[1]?.result.kind, "hung-up");
    const comeback = acs.posts.filter((post) => post.session === 3);
    assert.deepEqual(eventCodes(acs.informs()[2] ?? assert.fail()), ["1 BOOT"]);
    assert.equal(comeback[0]?.cookie, undefined);
    assert.notEqual(comeback[0]?.remotePort, died[0]?.remotePort, "a new connection");
    const later = acs.posts.filter((post) => post.session === 4).map(methodOf);
    assert.deepEqual(later, ["Inform", "empty", "AddObjectResponse"], "fires once by default");
  });

  it("rebootWithoutAnswer: no RebootResponse, then 1 BOOT and M Reboot with the CommandKey", async () => {
    // Prepare
    const { acs, cpe } = await startedCpe({ rebootWithoutAnswer: true });
    acs.enqueue({ method: "Reboot", commandKey: "rb-3" });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => acs.informs().length === 3, "the Inform after the reboot");
    // Assess
    assert.equal(
      acs.posts.some((post) => post.message?.method === "RebootResponse"),
      false,
    );
    const inform = acs.informs()[2] ?? assert.fail();
    assert.deepEqual(eventCodes(inform), ["1 BOOT", "M Reboot"]);
    assert.equal(inform.event[1]?.commandKey, "rb-3");
    assert.equal(acs.posts.find((post) => post.session === 3)?.cookie, undefined);
  });

  it("faultOn: faults the matching RPC under the path prefix, only the given number of times", async () => {
    // Prepare
    const { acs, cpe } = await startedCpe({
      faultOn: [
        { method: "AddObject", faultCode: 9005, pathPrefix: "Device.WiFi.SSID.", times: 1 },
      ],
    });
    const add = (objectName: string) =>
      ({ method: "AddObject", objectName, parameterKey: "" }) as const;
    acs.enqueue(add("Device.IP.Interface."), add("Device.WiFi.SSID."), add("Device.WiFi.SSID."));
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 2, "the session with the AddObjects");
    // Assess
    const answers = acs.posts.filter((post) => post.session === 2).slice(2);
    assert.deepEqual(answers.map(methodOf), ["AddObjectResponse", "Fault", "AddObjectResponse"]);
    const fault = answers[1]?.message;
    assert.equal(fault?.method === "Fault" && fault.faultCode, 9005);
  });

  it("neverBootstrap: first contact is 2 PERIODIC, a reboot sends 1 BOOT, never 0 BOOTSTRAP", async () => {
    // Prepare
    const { acs, cpe } = await startedCpe({ neverBootstrap: true });
    acs.enqueue({ method: "Reboot", commandKey: "" });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => acs.informs().length === 3, "the Inform after the reboot");
    // Assess
    const informs = acs.informs().map(eventCodes);
    assert.deepEqual(informs[0], ["2 PERIODIC"]);
    assert.deepEqual(informs[2], ["1 BOOT", "M Reboot"]);
    assert.ok(informs.every((codes) => !codes.includes("0 BOOTSTRAP")));
  });

  it("lateTransferComplete: no TransferComplete in the boot session, then in the periodic one", async () => {
    // Prepare
    const { acs, cpe } = await startedCpe(
      { lateTransferComplete: true },
      { periodicInformIntervalSec: 1 },
    );
    acs.enqueue({
      method: "Download",
      commandKey: "fw-late",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:9/fw-9.bin",
      username: "",
      password: "",
      fileSize: 1,
      targetFileName: "",
      delaySeconds: 0,
      successURL: "",
      failureURL: "",
    });
    // Act
    cpe.connectionRequest();
    await waitUntil(
      () => acs.posts.some((post) => post.message?.method === "TransferComplete"),
      "the TransferComplete",
    );
    // Assess
    const informs = acs.informs();
    const bootIndex = informs.findIndex(
      (inform, i) => i > 0 && eventCodes(inform).includes("1 BOOT"),
    );
    assert.ok(bootIndex > 0, "the device rebooted after the download");
    assert.deepEqual(eventCodes(informs[bootIndex] ?? assert.fail()), ["1 BOOT"]);
    const complete = acs.posts.find((post) => post.message?.method === "TransferComplete");
    assert.ok(complete !== undefined && complete.session > bootIndex + 1, "a later session");
    const reporting = eventCodes(informs[(complete?.session ?? 0) - 1] ?? assert.fail());
    assert.deepEqual(reporting, ["2 PERIODIC", "7 TRANSFER COMPLETE", "M Download"]);
  });

  it("loseInformResponse: re-sends the Inform with RetryCount 1, the same events and no cookie", async () => {
    // Prepare, Act
    const { acs, cpe } = await startedCpe({ loseInformResponse: 1 });
    await waitUntil(() => cpe.sessions().length === 2, "the retried session");
    // Assess
    const [lost, retried] = cpe.sessions();
    assert.equal(
      lost?.result.kind === "failed" && lost.result.error.name,
      "InformResponseLostError",
    );
    assert.equal(retried?.result.kind, "completed");
    const informs = acs.informs();
    assert.deepEqual(
      informs.map((inform) => inform.retryCount),
      [0, 1],
    );
    assert.deepEqual(informs.map(eventCodes), [
      ["0 BOOTSTRAP", "1 BOOT"],
      ["0 BOOTSTRAP", "1 BOOT"],
    ]);
    const informPosts = acs.posts.filter((post) => post.message?.method === "Inform");
    assert.equal(informPosts[1]?.cookie, undefined);
    assert.notEqual(informPosts[1]?.remotePort, informPosts[0]?.remotePort, "a new connection");
  });

  it("replyDelayMs: the answer to an RPC comes no sooner than the delay", async () => {
    // Prepare
    const { acs, cpe } = await startedCpe({ replyDelayMs: 300 });
    acs.enqueue({ method: "GetRPCMethods" });
    // Act
    cpe.connectionRequest();
    await waitUntil(() => cpe.sessions().length === 2, "the session with the RPC");
    // Assess: a lower bound the timer guarantees, not a performance figure.
    const session = acs.posts.filter((post) => post.session === 2);
    assert.deepEqual(session.map(methodOf), ["Inform", "empty", "GetRPCMethodsResponse"]);
    const gap = (session[2]?.receivedAtMs ?? 0) - (session[1]?.receivedAtMs ?? 0);
    assert.ok(gap >= 295, `answered after ${gap} ms`);
  });
});
