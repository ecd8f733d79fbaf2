import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createMemoryParameterStore,
  createMemoryTable,
} from "../../../functions/adapters/memory/index.ts";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";
import { xmppProfile } from "../../../functions/core/provisioning/xmpp-profile.ts";
import type { ParameterStore } from "../../../functions/ports.ts";
import {
  createSessionKnowledgeCache,
  sessionKnowledge,
} from "../../../functions/services/provisioning/session-knowledge.ts";

/** A memory parameter store that records every subtree read (one DynamoDB Query each). */
function countingStore() {
  const store = createMemoryParameterStore({ table: createMemoryTable() });
  const reads: string[] = [];
  const parameters: ParameterStore = {
    ...store,
    getParameters: (deviceId, generation, prefix) => {
      reads.push(prefix ?? "");
      return store.getParameters(deviceId, generation, prefix);
    },
  };
  return { parameters, reads, store };
}

const device = { id: "00D09E-HGW-S1", parameterGeneration: 1 };
const xmpp: Profile = xmppProfile(
  {
    acsJid: "acs@xmpp.test",
    domain: "xmpp.test",
    servers: [],
    useTls: false,
    resource: "cwmp",
  },
  "Device.",
  { crUsername: "u", crPassword: "p", xmppUsername: "x", xmppPassword: "y" },
);
const managementOnly: Profile = {
  ...xmpp,
  name: "acme-management",
  requires: ["Device.ManagementServer."],
  parameterValues: [
    { name: "Device.ManagementServer.PeriodicInformInterval", value: "3600", type: "unsignedInt" },
  ],
  notifications: [],
  objects: [],
};
const url = { name: "Device.ManagementServer.URL", value: "http://acs/", learnedAt: 1 };

describe("a session's profile knowledge", () => {
  it("reads each subtree once in an exchange, however many profiles look at it", async () => {
    const { parameters, reads } = countingStore();
    const knowledge = sessionKnowledge(
      createSessionKnowledgeCache({ maxSessions: 10 }),
      parameters,
      device,
      { id: "s1" },
    );

    await knowledge.knowledge(xmpp);
    await knowledge.knowledge(managementOnly);

    assert.deepEqual(reads, ["Device.ManagementServer.", "Device.XMPP."]);
  });

  it("sees what the session stored after reading, without reading it back", async () => {
    const { parameters, reads, store } = countingStore();
    const knowledge = sessionKnowledge(undefined, parameters, device, { id: "s1" });
    await knowledge.knowledge(managementOnly);

    await store.putParameters(device.id, device.parameterGeneration, [url]);
    knowledge.remember([url]);
    const known = await knowledge.knowledge(managementOnly);

    assert.equal(known.get(url.name)?.value, "http://acs/");
    assert.deepEqual(reads, ["Device.ManagementServer."]);
  });

  it("hands the copy to the session's next exchange at the profile RPC count it was kept for", async () => {
    const { parameters, reads } = countingStore();
    const cache = createSessionKnowledgeCache({ maxSessions: 10 });
    const first = cache.take(parameters, device, { id: "s1" });
    await first.knowledge(xmpp);
    first.keep(1);

    const next = cache.take(parameters, device, { id: "s1", profileRpcs: 1 });
    await next.knowledge(xmpp);

    assert.equal(reads.length, 2, "the two subtrees, read by the first exchange only");
  });

  it("reads again when the stored count differs (another instance's exchange, a failed save)", async () => {
    const { parameters, reads } = countingStore();
    const cache = createSessionKnowledgeCache({ maxSessions: 10 });
    const first = cache.take(parameters, device, { id: "s1" });
    await first.knowledge(managementOnly);
    first.keep(1);

    await cache.take(parameters, device, { id: "s1", profileRpcs: 2 }).knowledge(managementOnly);

    assert.equal(reads.length, 2);
  });

  it("reads again in another session, another generation, or after a copy taken and not kept", async () => {
    const { parameters, reads } = countingStore();
    const cache = createSessionKnowledgeCache({ maxSessions: 10 });
    const keptAt = async (session: string, generation: number) => {
      const knowledge = cache.take(
        parameters,
        { ...device, parameterGeneration: generation },
        {
          id: session,
        },
      );
      await knowledge.knowledge(managementOnly);
      return knowledge;
    };
    (await keptAt("s1", 1)).keep(0);

    await keptAt("s2", 1); // a new session (a reboot mid-session): not kept
    await keptAt("s1", 2); // a BOOTSTRAP's new generation: taken, not kept
    await keptAt("s1", 2); // the copy taken above was not kept again

    assert.equal(reads.length, 4);
  });

  it("keeps the copies of at most maxSessions sessions, dropping the oldest", async () => {
    const { parameters, reads } = countingStore();
    const cache = createSessionKnowledgeCache({ maxSessions: 1 });
    for (const id of ["s1", "s2"]) {
      const knowledge = cache.take(parameters, device, { id });
      await knowledge.knowledge(managementOnly);
      knowledge.keep(0);
    }

    await cache.take(parameters, device, { id: "s2" }).knowledge(managementOnly);
    await cache.take(parameters, device, { id: "s1" }).knowledge(managementOnly);

    assert.equal(reads.length, 3, "s2 kept, s1 dropped and read again");
  });

  it("without a cache, reads on every exchange", async () => {
    const { parameters, reads } = countingStore();
    const first = sessionKnowledge(undefined, parameters, device, { id: "s1" });
    await first.knowledge(managementOnly);
    first.keep(1);

    await sessionKnowledge(undefined, parameters, device, { id: "s1", profileRpcs: 1 }).knowledge(
      managementOnly,
    );

    assert.equal(reads.length, 2);
  });
});
