import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultLocalCrCredentials, parseCliArgs } from "../../functions/simulator/cli-args.ts";
import { CliArgumentError } from "../../functions/simulator/errors.ts";

describe("parseCliArgs", () => {
  it("reads every flag", () => {
    const args = parseCliArgs([
      "--acs",
      "http://127.0.0.1:7547/",
      "--count",
      "100",
      "--periodic",
      "30",
      "--cr-port",
      "7548",
      "--serial-prefix",
      "LAB",
      "--username",
      "u",
      "--password",
      "p",
      "--duration",
      "60",
      "--fixed-xmpp",
      "--cr-username",
      "cru",
      "--cr-password",
      "crp",
    ]);
    assert.deepEqual(args, {
      acsUrl: "http://127.0.0.1:7547/",
      count: 100,
      periodicIntervalSec: 30,
      crPort: 7548,
      serialPrefix: "LAB",
      username: "u",
      password: "p",
      durationSec: 60,
      bootStaggerMs: 0,
      crUsername: "cru",
      crPassword: "crp",
      misbehaviours: { xmppObject: "fixed-instance" },
      random: undefined,
    });
  });

  it("defaults to one device until stopped", () => {
    const args = parseCliArgs(["--acs", "http://127.0.0.1:7547/"]);
    assert.equal(args.count, 1);
    assert.equal(args.durationSec, undefined);
    // The same connection-request credentials as npm start, so the walkthrough works.
    assert.deepEqual(
      [args.crUsername, args.crPassword],
      [defaultLocalCrCredentials.username, defaultLocalCrCredentials.password],
    );
  });

  it("refuses a missing ACS, a bad number and an unknown flag", () => {
    assert.throws(() => parseCliArgs([]), CliArgumentError);
    assert.throws(
      () => parseCliArgs(["--acs", "http://127.0.0.1/", "--count", "0"]),
      CliArgumentError,
    );
    assert.throws(() => parseCliArgs(["--acs", "http://127.0.0.1/", "--bogus"]), CliArgumentError);
  });
});
