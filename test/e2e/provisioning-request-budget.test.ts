import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { defaultProfileTiming } from "../../functions/core/provisioning/profile-state.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SessionRecord, SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CwmpHarness, startCwmpHarness } from "../support/cwmp-harness.ts";
import { until } from "../support/until.ts";

/**
 * Zero-touch XMPP provisioning of one TR-181 CPE through the real handler and dynalite: the
 * DynamoDB requests of its BOOTSTRAP session, counted by the harness's request counter. The
 * accounts are the operator's (derived from a shared key), so no sender takes part.
 */
describe("the provisioning session's DynamoDB request budget", () => {
  let h: CwmpHarness;
  let cpe: SimulatedCpe | undefined;
  const sessions: SessionRecord[] = [];

  before(async () => {
    h = await startCwmpHarness({
      provisioning: {
        profileCacheMs: 60_000,
        maxRpcsPerSession: 32,
        timing: defaultProfileTiming,
        sealingKeys: { currentId: "legacy", keys: new Map([["legacy", randomBytes(32)]]) },
        xmpp: {
          settings: {
            acsJid: "acs@acs.test",
            domain: "acs.test",
            // Nothing listens there: the CPE's login attempts fail, its sessions are the subject.
            servers: [{ address: "127.0.0.1", port: 9 }],
            useTls: false,
            resource: "cwmp",
          },
          createAccounts: false,
          accountKey: "operator-shared-account-key-0123456789",
        },
      },
    });
  });
  after(async () => {
    await cpe?.stop();
    await h.stop();
  });

  it("provisions XMPP in one BOOTSTRAP session of 8 exchanges and 25 requests", async () => {
    h.counter.reset();
    const traced: string[] = [];
    const dec = new TextDecoder();
    // biome-ignore lint: scratch
    (h as any).rawClient.middlewareStack.add((next: any, context: any) => async (args: any) => {
      const body = args.request?.body;
      const text = typeof body === "string" ? body : body instanceof Uint8Array ? dec.decode(body) : "";
      const sks = [...text.matchAll(/"sk":\{"S":"([^"]*)"/g)].map((m) => m[1]).slice(0, 2);
      const prefix = /":v1":\{"S":"([^"]*)"/.exec(text)?.[1] ?? "";
      const upd = /"UpdateExpression":"([^"]{0,90})/.exec(text)?.[1] ?? "";
      traced.push(`${context.commandName} ${sks.join(",")} ${prefix} ${upd}`);
      return next(args);
    }, { step: "deserialize", priority: "low", name: "trace" });
    cpe = createSimulatedCpe({
      serialNumber: "BUDGET1",
      acsUrl: h.url,
      connectionRequestUrl: "http://127.0.0.1:9/cr",
      observer: { onSessionEnd: (_serial, record) => void sessions.push(record) },
      xmpp: { retryInitialMs: 600_000 },
    });
    cpe.start();
    const first = await until("the BOOTSTRAP session ended", async () => sessions[0]);
    const counts = h.counter.counts();
    if (process.env.TRACE_FILE) (await import("node:fs")).writeFileSync(process.env.TRACE_FILE, traced.join("\n"));
    assert.equal(first.result.kind, "completed");
    assert.deepEqual(first.rpcs.length, 6, first.rpcs.join(", "));
    assert.deepEqual(counts, {});
  });
});
