import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  bootCpe,
  startXmppAcsRig,
  stopXmppAcsRig,
  taskWithConnectionRequest,
  until,
  type XmppAcsRig,
  xmppReady,
} from "../support/xmpp-acs-rig.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";

/**
 * the whole chain with real components (dynalite, the embedded
 * SQS server, prosody, the in-process sender, simulated CPEs): API task +
 * XMPP connection request -> CWMP session -> task done; the fallback to HTTP
 * when the CPE refuses the XMPP request; and a prosody restart in the middle
 * of a run of tasks, none of which may be lost.
 */
describe("the whole chain over XMPP", { skip: requireBinary("prosody") }, () => {
  let rig: XmppAcsRig | undefined;
  before(async () => {
    rig = await startXmppAcsRig({
      admin: true,
      // Short XMPP timeout and no de-duplication: each task below wakes the device anew.
      env: { ACS_CR_XMPP_TIMEOUT_MS: "2000", ACS_CR_DEDUP_SECONDS: "0" },
    });
  });
  after(() => stopXmppAcsRig(rig));

  it("runs an API task on a device woken over XMPP", async () => {
    const r = rig as XmppAcsRig;
    const { cpe, path } = await bootCpe(r, "CHAIN1");
    await xmppReady(r, path, cpe);
    await taskWithConnectionRequest(r, path);
    const view = await r.acs.api("GET", path);
    assert.equal(view.body.connectionRequest.lastAttempt.method, "xmpp");
  });

  it("falls back to HTTP when the CPE refuses the XMPP request, and the task still runs", async () => {
    const r = rig as XmppAcsRig;
    const { cpe, path } = await bootCpe(r, "CHAIN2");
    await xmppReady(r, path, cpe);
    // The CPE now only accepts requests from another JID (TR-069 Annex K: it answers
    // service-unavailable), as after a misconfiguration on the device side.
    cpe.model().setInternal("Device.ManagementServer.ConnReqAllowedJabberIDs", "other@acs.test");
    await taskWithConnectionRequest(r, path);
    const last = (await r.acs.api("GET", path)).body.connectionRequest.lastAttempt;
    assert.equal(last.method, "http");
    assert.equal(last.outcome, "delivered");
    assert.match(last.detail ?? "", /xmpp/);
    // The API's wait ends on the final outcome, not on the intermediate XMPP fallback.
    await until("CHAIN2 idle", async () => (cpe.state() === "idle" ? true : undefined));
    const woken = await r.acs.api("POST", `${path}/connection-request?wait=20`);
    assert.equal(woken.status, 200, JSON.stringify(woken.body));
    assert.deepEqual(
      [woken.body.outcome.method, woken.body.outcome.outcome, woken.body.final],
      ["http", "delivered", true],
    );
    assert.match(woken.body.outcome.detail ?? "", /after xmpp/);
    assert.equal(woken.body.sessionStarted, true);
  });

  it("loses no connection request while prosody restarts in the middle of a run", async () => {
    const r = rig as XmppAcsRig;
    const { cpe, path } = await bootCpe(r, "CHAIN3");
    await xmppReady(r, path, cpe);
    const methods: string[] = [];
    const runTask = async () => {
      // Out of session, so each task needs its own connection request.
      await until("CHAIN3 idle", async () => (cpe.state() === "idle" ? true : undefined));
      const task = await taskWithConnectionRequest(r, path, 25);
      methods.push((await r.acs.api("GET", path)).body.connectionRequest.lastAttempt.method);
      return task;
    };
    await runTask();
    // While prosody is down, tasks are still asked for: the sender falls back to HTTP.
    await r.xmpp.restart({
      whileDown: async () => {
        await runTask();
        await runTask();
      },
    });
    // After the restart the ACS and the CPE log in again; XMPP carries the requests again.
    await until(
      "XMPP used again",
      async () => {
        await runTask();
        return methods.at(-1) === "xmpp" ? true : undefined;
      },
      60_000,
    );
    const tasks = (await r.acs.api("GET", `${path}/tasks`)).body.tasks as { status: string }[];
    const unfinished = tasks.filter((t) => t.status !== "done");
    assert.deepEqual(unfinished, [], "every task done, none lost");
    assert.ok(tasks.length >= 4);
    assert.deepEqual(methods.slice(1, 3), ["http", "http"], "HTTP while XMPP was down");
  });
});
