import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** profiles are managed through the API and validated like every other input. */
describe("PUT/GET/DELETE /profiles/{name}", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness();
  });
  after(async () => acs.stop());

  const xmpp = {
    precondition: { events: ["0 BOOTSTRAP", "1 BOOT"] },
    parameterValues: [
      ["Device.ManagementServer.ConnReqAllowedJabberIDs", "acs@xmpp.test", "xsd:string"],
    ],
    objects: [
      {
        table: "Device.XMPP.Connection.",
        match: { Username: "cpe-1" },
        parameterValues: [["Enable", "true", "xsd:boolean"]],
      },
    ],
    notifications: [{ name: "Device.ManagementServer.ConnReqJabberID", notification: 2 }],
  };

  it("stores a profile, shows it normalised, lists and deletes it", async () => {
    const put = await acs.api("PUT", "/profiles/xmpp-cr", { body: xmpp });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const got = await acs.api("GET", "/profiles/xmpp-cr");
    assert.deepEqual(got.body.parameterValues, [
      ["Device.ManagementServer.ConnReqAllowedJabberIDs", "acs@xmpp.test", "string"],
    ]);
    assert.deepEqual(got.body.objects[0].parameterValues, [["Enable", "true", "boolean"]]);
    // What GET shows can be PUT back as it is (name aside): edit in place.
    const { name: _name, ...editable } = got.body;
    const again = await acs.api("PUT", "/profiles/xmpp-cr", { body: editable });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body, got.body);
    assert.deepEqual((await acs.api("GET", "/profiles")).body.profiles, ["xmpp-cr"]);
    assert.equal((await acs.api("DELETE", "/profiles/xmpp-cr")).status, 200);
    assert.equal((await acs.api("GET", "/profiles/xmpp-cr")).status, 404);
    assert.equal((await acs.api("DELETE", "/profiles/xmpp-cr")).status, 404);
  });

  it("shows why an untouched device waits, and each profile's counts", async () => {
    const id = await acs.register("W1");
    const boot = { ...xmpp, precondition: { events: ["0 BOOTSTRAP", "1 BOOT"] } };
    const ont = { ...xmpp, precondition: { productClass: "ONT" } };
    assert.equal((await acs.api("PUT", "/profiles/boot-only", { body: boot })).status, 200);
    assert.equal((await acs.api("PUT", "/profiles/ont-only", { body: ont })).status, 200);

    const device = await acs.api("GET", `/devices/${id}`);
    assert.deepEqual(
      device.body.provisioning.map((p: { profile: string; status: string; reason: string }) => [
        p.profile,
        p.status,
        p.reason,
      ]),
      [
        ["boot-only", "waiting", "waiting for 0 BOOTSTRAP/1 BOOT"],
        ["ont-only", "not-matching", "ProductClass is HGW, the profile wants ONT"],
      ],
    );
    const listed = await acs.api("GET", "/profiles");
    assert.deepEqual(listed.body.profiles, ["boot-only", "ont-only"]);
    assert.equal(listed.body.convergence.complete, true);
    assert.equal(listed.body.convergence.devicesCounted, 1);
    assert.deepEqual(listed.body.convergence.byProfile["boot-only"], {
      ...{ converged: 0, pending: 0, faulted: 0, notApplicable: 0 },
      ...{ waiting: 1, notMatching: 0 },
    });
    assert.equal(listed.body.convergence.byProfile["ont-only"].notMatching, 1);
    for (const name of ["boot-only", "ont-only"])
      assert.equal((await acs.api("DELETE", `/profiles/${name}`)).status, 200);
    assert.equal((await acs.api("DELETE", `/devices/${id}`)).status, 200);
  });

  it("names every invalid field and stores nothing", async () => {
    const bad = await acs.api("PUT", "/profiles/Bad_Name", {
      body: {
        objects: [
          { table: "Device.XMPP.Connection", parameterValues: [["Enable", "true", "xsd:float"]] },
        ],
      },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.issues[0].field, "path.name");
    const body = await acs.api("PUT", "/profiles/ok", {
      body: {
        objects: [
          { table: "Device.XMPP.Connection", parameterValues: [["Enable", "true", "xsd:float"]] },
        ],
        colour: 1,
      },
    });
    const fields = body.body.issues.map((i: { field: string }) => i.field).sort();
    assert.deepEqual(fields, [
      "body",
      "body.objects[0].parameterValues[0][2]",
      "body.objects[0].table",
    ]);
    assert.equal((await acs.api("GET", "/profiles/ok")).status, 404);
  });
});
