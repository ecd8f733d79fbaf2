import assert from "node:assert/strict";
import { request } from "node:http";
import { afterEach, describe, it } from "node:test";
import type { AcsMessage } from "../../functions/core/cwmp/index.ts";
import { createAcsAuthenticator } from "../../functions/simulator/acs-authenticator.ts";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import { type FakeAcs, type RecordedPost, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";

const methodOf = (post: RecordedPost | undefined): string =>
  post === undefined ? "none" : (post.message?.method ?? (post.undecodable ? "?" : "empty"));

describe("SimulatedCpe misbehaviours in what it sends", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Runs the first (bootstrap) session of a misbehaving device, with `rpcs` queued in it. */
  async function firstSession(
    misbehaviours: Misbehaviours,
    ...rpcs: AcsMessage[]
  ): Promise<{ acs: FakeAcs; cpe: SimulatedCpe }> {
    const acs = await startFakeAcs();
    cleanups.push(() => acs.close());
    acs.enqueue(...rpcs);
    const cpe = createSimulatedCpe({ serialNumber: "W1", acsUrl: acs.url, misbehaviours });
    cleanups.push(() => cpe.stop());
    cpe.start();
    await waitUntil(() => cpe.sessions().length === 1, "the first session");
    return { acs, cpe };
  }

  it("echoSetCookie: returns the whole Set-Cookie line as the Cookie header", async () => {
    const { acs } = await firstSession({ echoSetCookie: true }, { method: "GetRPCMethods" });
    const afterInform = acs.posts.slice(1);
    assert.equal(afterInform.length, 2);
    for (const post of afterInform) assert.equal(post.cookie, "acs-session=s1; Path=/; HttpOnly");
  });

  it("arrayTypeCount zero: every soap-enc:arrayType of the Inform says [0]", async () => {
    const { acs } = await firstSession({ arrayTypeCount: "zero" });
    const body = acs.posts[0]?.body ?? "";
    assert.match(body, /arrayType="cwmp:EventStruct\[0\]"/);
    assert.match(body, /arrayType="cwmp:ParameterValueStruct\[0\]"/);
    assert.equal(acs.informs()[0]?.event.length, 2, "the entries themselves are all there");
  });

  it("arrayTypeCount offset: a response declares the real count plus the offset", async () => {
    const { acs } = await firstSession(
      { arrayTypeCount: { offset: 2 } },
      { method: "GetParameterValues", parameterNames: ["Device.DeviceInfo.SerialNumber"] },
    );
    const answer = acs.posts.find((post) => post.message?.method === "GetParameterValuesResponse");
    assert.match(answer?.body ?? "", /arrayType="cwmp:ParameterValueStruct\[3\]"/);
  });

  it("emptyPostFor: answers the listed RPC with an empty POST, no response and no fault", async () => {
    const { acs } = await firstSession(
      { emptyPostFor: ["ScheduleInform"] },
      { method: "ScheduleInform", delaySeconds: 5, commandKey: "si" },
      { method: "GetRPCMethods" },
    );
    assert.deepEqual(acs.posts.map(methodOf), [
      "Inform",
      "empty",
      "empty",
      "GetRPCMethodsResponse",
    ]);
  });

  it("omitUnknownGpvPaths: unknown names are left out instead of faulting 9005", async () => {
    const names = ["Device.DeviceInfo.SerialNumber", "Device.Nope.X", "Device.Bogus."];
    const { acs } = await firstSession(
      { omitUnknownGpvPaths: true },
      { method: "GetParameterValues", parameterNames: names },
      { method: "GetParameterValues", parameterNames: ["Device.Nope."] },
    );
    const [some, none] = acs.posts.slice(2).map((post) => post.message);
    assert.equal(some?.method, "GetParameterValuesResponse");
    assert.deepEqual(
      some.parameterList.map((p) => p.name),
      ["Device.DeviceInfo.SerialNumber"],
    );
    assert.equal(none?.method === "GetParameterValuesResponse" && none.parameterList.length, 0);
  });

  it("faultDetailInFaultString: the fault's <detail> is nested in <faultstring>", async () => {
    const { acs } = await firstSession(
      { faultDetailInFaultString: true },
      { method: "GetParameterValues", parameterNames: ["Device.Nope.X"] },
    );
    const fault = acs.posts[2];
    assert.match(
      fault?.body ?? "",
      /<faultstring>CWMP fault<detail><cwmp:Fault><FaultCode>9005<\/FaultCode>.*<\/detail><\/faultstring><\/soap-env:Fault>/,
    );
  });

  it("xmppObject no-server-table: Connection.{i} without Server. and ServerConnectAlgorithm", () => {
    const cpe = createSimulatedCpe({
      serialNumber: "X1",
      acsUrl: "http://127.0.0.1:9/",
      misbehaviours: { xmppObject: "no-server-table" },
    });
    const model = cpe.model();
    const instance = model.addObject("Device.XMPP.Connection.");
    const names = model.getParameterNames(`Device.XMPP.Connection.${instance}.`, false);
    assert.ok(names.some((info) => info.name.endsWith(".Username")));
    assert.equal(
      names.some((info) => /\.Server\.|ServerConnectAlgorithm/.test(info.name)),
      false,
    );
    assert.throws(() => model.read("Device.XMPP.SupportedServerConnectAlgorithms"));
  });

  it("xmppObject fixed-instance: one Connection.1 that AddObject refuses", () => {
    const cpe = createSimulatedCpe({
      serialNumber: "X2",
      acsUrl: "http://127.0.0.1:9/",
      misbehaviours: { xmppObject: "fixed-instance" },
    });
    assert.equal(cpe.model().read("Device.XMPP.ConnectionNumberOfEntries"), "1");
    assert.throws(() => cpe.model().addObject("Device.XMPP.Connection."), { faultCode: 9005 });
  });

  it("canonicalHeaderNamesOnly: a CR whose header is not spelled Authorization gets 401", async () => {
    // Prepare
    const listener = createCrListener();
    await listener.start();
    cleanups.push(() => listener.stop());
    const cpe = createSimulatedCpe({
      serialNumber: "H1",
      acsUrl: "http://127.0.0.1:9/",
      connectionRequestUsername: "u",
      connectionRequestPassword: "p",
      misbehaviours: { canonicalHeaderNamesOnly: true },
    });
    listener.register("H1", crTargetOf(cpe));
    const url = new URL(listener.urlFor("H1"));
    // Act
    const lower = await digestGet(url, "authorization");
    const canonical = await digestGet(url, "Authorization");
    // Assess
    assert.equal(lower, 401);
    assert.equal(canonical, 503, "authenticated; busy because the device is switched off");
  });
});

/** A Digest-authenticated GET whose Authorization header is spelled `headerName`. */
async function digestGet(url: URL, headerName: string): Promise<number> {
  const challenge = await get(url, {});
  const auth = createAcsAuthenticator({ username: "u", password: "p" });
  auth.challenged([challenge.wwwAuthenticate ?? ""]);
  const authorization = auth.authorization("GET", url.pathname) ?? "";
  return (await get(url, { [headerName]: authorization })).status;
}

function get(
  url: URL,
  headers: Record<string, string>,
): Promise<{ status: number; wwwAuthenticate: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "GET", headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          wwwAuthenticate: response.headers["www-authenticate"],
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}
