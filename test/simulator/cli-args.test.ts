import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CliArgs,
  defaultLocalCrCredentials,
  parseCliArgs as parseAny,
} from "../../functions/simulator/cli-args.ts";
import { CliArgumentError } from "../../functions/simulator/errors.ts";

/** A command line that is not a help request: its settings. */
function parseCliArgs(argv: readonly string[]): CliArgs {
  const parsed = parseAny(argv);
  assert.ok(!("help" in parsed), "not a help request");
  return parsed;
}

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
      downloadFailures: undefined,
      uploadFailures: undefined,
      realDownloads: true,
      realUploads: true,
      tlsFiles: {},
    });
  });

  it("reads the client certificate, its key and the CA to trust", () => {
    const args = parseCliArgs([
      "--acs",
      "https://127.0.0.1:7443/",
      "--cert",
      "certs/{serial}.crt",
      "--key",
      "certs/{serial}.key",
      "--ca",
      "certs/ca.crt",
    ]);
    assert.ok(!("help" in args));
    assert.deepEqual(args.tlsFiles, {
      cert: "certs/{serial}.crt",
      key: "certs/{serial}.key",
      ca: "certs/ca.crt",
    });
  });

  it("refuses a certificate without its key", () => {
    assert.throws(
      () => parseCliArgs(["--acs", "https://127.0.0.1:7443/", "--cert", "a.crt"]),
      (error) => error instanceof CliArgumentError && /--cert and --key/.test(error.message),
    );
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

describe("parseCliArgs misbehaviour flags", () => {
  const parse = (...flags: string[]) => parseCliArgs(["--acs", "http://127.0.0.1/", ...flags]);

  it("reads every misbehaviour flag into one Misbehaviours object", () => {
    const args = parse(
      "--die-on",
      "AddObject:2",
      "--reboot-without-answer",
      "--fault-on",
      "AddObject:9005",
      "--fault-on",
      "SetParameterValues:9002:Device.XMPP.:1",
      "--xmpp-object",
      "no-server-table",
      "--never-bootstrap",
      "--late-transfer-complete",
      "--echo-set-cookie",
      "--wrong-array-count=-1",
      "--reply-delay-ms",
      "20000",
      "--lose-inform-response",
      "1",
      "--empty-post-for",
      "ScheduleInform,GetRPCMethods",
      "--omit-unknown-gpv",
      "--fault-detail-in-faultstring",
      "--canonical-headers-only",
      "--digest-without-qop",
      "--misbehave",
      "random:0.2",
      "--seed",
      "9",
    );
    assert.deepEqual(args.misbehaviours, {
      dieOn: { method: "AddObject", times: 2 },
      rebootWithoutAnswer: true,
      faultOn: [
        { method: "AddObject", faultCode: 9005 },
        { method: "SetParameterValues", faultCode: 9002, pathPrefix: "Device.XMPP.", times: 1 },
      ],
      xmppObject: "no-server-table",
      neverBootstrap: true,
      lateTransferComplete: true,
      echoSetCookie: true,
      arrayTypeCount: { offset: -1 },
      replyDelayMs: 20000,
      loseInformResponse: 1,
      emptyPostFor: ["ScheduleInform", "GetRPCMethods"],
      omitUnknownGpvPaths: true,
      faultDetailInFaultString: true,
      canonicalHeaderNamesOnly: true,
      digestWithoutQop: true,
    });
    assert.deepEqual(args.random, { fraction: 0.2, seed: 9 });
  });

  it("reads --download-failures with its mode (9010 by default) and --simulated-downloads", () => {
    assert.deepEqual(parse("--download-failures", "0.2").downloadFailures, {
      fraction: 0.2,
      mode: "fault",
      seed: 1,
    });
    assert.deepEqual(
      parse("--download-failures", "0.5:corrupt-image", "--seed", "4").downloadFailures,
      {
        fraction: 0.5,
        mode: "corrupt-image",
        seed: 4,
      },
    );
    assert.equal(parse("--simulated-downloads").realDownloads, false);
  });

  it("reads --upload-failures (9011) with --seed, and --simulated-uploads", () => {
    assert.deepEqual(parse("--upload-failures", "0.3", "--seed", "7").uploadFailures, {
      fraction: 0.3,
      seed: 7,
    });
    assert.throws(() => parse("--upload-failures", "2"), /--upload-failures must be a fraction/);
    assert.equal(parse("--simulated-uploads").realUploads, false);
    assert.equal(parse().realUploads, true);
  });

  it("behaves by default", () => {
    assert.deepEqual(parse().misbehaviours, {});
    assert.equal(parse().random, undefined);
    assert.deepEqual(parse("--wrong-array-count", "zero").misbehaviours, {
      arrayTypeCount: "zero",
    });
  });

  it("refuses unknown RPCs, fault codes, variants and fractions", () => {
    for (const flags of [
      ["--die-on", "Frobnicate"],
      ["--fault-on", "AddObject:1234"],
      ["--xmpp-object", "old"],
      ["--fixed-xmpp", "--xmpp-object", "no-server-table"],
      ["--wrong-array-count", "0"],
      ["--misbehave", "random:1.5"],
      ["--download-failures", "1.5"],
      ["--download-failures", "0.2:sometimes"],
      ["--download-failures", "-0.2"],
      ["--empty-post-for", "InformResponse"],
    ]) {
      assert.throws(() => parse(...flags), CliArgumentError, flags.join(" "));
    }
  });
});
