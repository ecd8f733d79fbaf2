import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { App } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { parseStageConfig, readStageConfig, StageConfigError } from "../../lib/config.ts";

describe("parseStageConfig", () => {
  it("applies the documented defaults to an empty stage", () => {
    // Act
    const config = parseStageConfig("dev", {});

    // Assess
    assert.equal(config.cpeAuth, "digest");
    assert.equal(config.xmpp, undefined);
    assert.equal(config.sender.maxTasks, 4);
    assert.equal(config.logRetention, RetentionDays.ONE_MONTH);
    assert.equal(config.cwmpReservedConcurrency, undefined);
    assert.equal(config.cwmpThrottle, undefined);
    assert.equal(config.customerManagedKey, false);
    assert.equal(config.crUrlGuard, undefined);
    assert.deepEqual(config.cpeDigest, {
      algorithms: ["SHA-256", "MD5"],
      acceptWithoutQop: false,
      nonceLifetimeSeconds: 60,
    });
    assert.equal(config.sealingKeyRing, undefined);
    assert.equal(config.perDeviceConnectionRequestCredentials, false);
    assert.equal(config.logLevel, "info");
    assert.equal(config.lambdaSystemLogLevel, "warn");
    assert.equal(config.cwmpMemoryMiB, 512);
    assert.deepEqual(config.secretParameters, []);
    assert.deepEqual(config.files, { urlLifetimeSeconds: 3600, noncurrentVersionDays: 30 });
    assert.deepEqual(config.console, { enabled: true });
  });

  for (const [name, prefix] of [
    ["upper case", "Acme-Acs"],
    ["a reserved word", "acme-cognito"],
    ["a trailing hyphen", "acme-"],
  ] as const) {
    it(`refuses a console cognitoDomainPrefix with ${name}, as Cognito would`, () => {
      // Act & Assess
      assert.throws(
        () => parseStageConfig("prod", { console: { cognitoDomainPrefix: prefix } }),
        (error: unknown) =>
          error instanceof StageConfigError &&
          error.key === "acs:stages.prod.console.cognitoDomainPrefix",
      );
    });
  }

  it("fills the cpeDigest fields a stage leaves out", () => {
    // Act
    const config = parseStageConfig("prod", { cpeDigest: { acceptWithoutQop: true } });

    // Assess
    assert.deepEqual(config.cpeDigest, {
      algorithms: ["SHA-256", "MD5"],
      acceptWithoutQop: true,
      nonceLifetimeSeconds: 60,
    });
  });

  it("accepts the legacy key or a ring key id as the current sealing key", () => {
    for (const currentKeyId of ["legacy", "k1", "2026-q1"]) {
      // Act
      const config = parseStageConfig("prod", { sealingKeyRing: { currentKeyId } });

      // Assess
      assert.equal(config.sealingKeyRing?.currentKeyId, currentKeyId);
    }
  });

  for (const [name, stage, key] of [
    [
      "an unknown digest algorithm",
      { cpeDigest: { algorithms: ["SHA-1"] } },
      "cpeDigest.algorithms.0",
    ],
    [
      "a digest algorithm twice",
      { cpeDigest: { algorithms: ["MD5", "MD5"] } },
      "cpeDigest.algorithms",
    ],
    ["no digest algorithm", { cpeDigest: { algorithms: [] } }, "cpeDigest.algorithms"],
    [
      "a nonce lifetime below 5 s",
      { cpeDigest: { nonceLifetimeSeconds: 1 } },
      "cpeDigest.nonceLifetimeSeconds",
    ],
    [
      "a key id the runtime refuses",
      { sealingKeyRing: { currentKeyId: "k 1" } },
      "sealingKeyRing.currentKeyId",
    ],
    ["log level debug (nothing logs below info)", { logLevel: "debug" }, "logLevel"],
    [
      "a Lambda system log level Lambda does not have",
      { lambdaSystemLogLevel: "error" },
      "lambdaSystemLogLevel",
    ],
    ["CWMP memory below Lambda's 128 MB", { cwmpMemoryMiB: 64 }, "cwmpMemoryMiB"],
    ["CWMP memory in fractions of a MB", { cwmpMemoryMiB: 256.5 }, "cwmpMemoryMiB"],
    ["a secret parameter holding a comma", { secretParameters: ["A,B"] }, "secretParameters.0"],
    [
      "a presigned URL lifetime under a minute",
      { files: { urlLifetimeSeconds: 59 } },
      "files.urlLifetimeSeconds",
    ],
    [
      "a presigned URL lifetime beyond 12 hours (the signing credentials expire first)",
      { files: { urlLifetimeSeconds: 43_201 } },
      "files.urlLifetimeSeconds",
    ],
    [
      "keeping old file versions for no day",
      { files: { noncurrentVersionDays: 0 } },
      "files.noncurrentVersionDays",
    ],
  ] as const) {
    it(`refuses ${name}`, () => {
      // Act & Assess
      assert.throws(
        () => parseStageConfig("prod", stage),
        (error: unknown) =>
          error instanceof StageConfigError && error.key === `acs:stages.prod.${key}`,
      );
    });
  }

  it("turns the execute-api endpoint off by default when a custom domain is set", () => {
    // Act
    const config = parseStageConfig("prod", {
      customDomain: { domainName: "acs.example.net", certificateArn: "arn:aws:acm:x" },
    });

    // Assess
    assert.equal(config.customDomain?.disableExecuteApiEndpoint, true);
  });

  for (const [name, crUrlGuard, key] of [
    ["a port range upside down", { allowedPorts: ["90-80"] }, "crUrlGuard.allowedPorts.0"],
    ["port 0", { allowedPorts: [7547, 0] }, "crUrlGuard.allowedPorts.1"],
    [
      "a network that is no CIDR",
      { allowedNetworks: ["10.0.0.0/33"] },
      "crUrlGuard.allowedNetworks.0",
    ],
  ] as const) {
    it(`refuses ${name} in crUrlGuard, as the sender would`, () => {
      // Act & Assess
      assert.throws(
        () => parseStageConfig("prod", { crUrlGuard }),
        (error: unknown) =>
          error instanceof StageConfigError && error.key === `acs:stages.prod.${key}`,
      );
    });
  }

  it("refuses a customer-managed key without env.region (the table names it per region)", () => {
    // Act & Assess
    assert.throws(
      () => parseStageConfig("prod", { customerManagedKey: true }),
      (error: unknown) =>
        error instanceof StageConfigError && error.key === "acs:stages.prod.customerManagedKey",
    );
    assert.equal(
      parseStageConfig("prod", { customerManagedKey: true, env: { region: "eu-west-1" } })
        .customerManagedKey,
      true,
    );
  });

  it("names the offending key when a value is malformed", () => {
    // Act & Assess
    assert.throws(
      () => parseStageConfig("prod", { xmpp: { service: "http://x", jid: "acs@example.net" } }),
      (error: unknown) =>
        error instanceof StageConfigError && error.key === "acs:stages.prod.xmpp.service",
    );
  });

  it("refuses a custom domain with neither a certificate nor a hosted zone", () => {
    // Act & Assess
    assert.throws(
      () => parseStageConfig("prod", { customDomain: { domainName: "acs.example.net" } }),
      (error: unknown) =>
        error instanceof StageConfigError && error.key === "acs:stages.prod.customDomain",
    );
  });

  it("refuses unknown keys, so a typo cannot silently fall back to a default", () => {
    // Act & Assess
    assert.throws(() => parseStageConfig("dev", { cpeAuht: "none" }), StageConfigError);
  });
});

describe("readStageConfig", () => {
  it("reads the stage chosen by acs:stage from acs:stages", () => {
    // Prepare
    const app = new App({
      context: { "acs:stage": "prod", "acs:stages": { prod: { cpeAuth: "basic" } } },
    });

    // Act
    const config = readStageConfig(app.node);

    // Assess
    assert.equal(config.stage, "prod");
    assert.equal(config.cpeAuth, "basic");
  });
});

describe("parseStageConfig cwmpFrontDoor", () => {
  const region = { region: "eu-west-1" };
  const zone = { id: "Z0000000000000000000", name: "example.net" };

  it("refuses a plain-HTTP port other than 80 and 7547, and an mTLS bundle that is no S3 object", () => {
    // Prepare
    const door = { domainName: "cwmp.example.net", hostedZone: zone };

    // Act + Assess
    assert.throws(
      () =>
        parseStageConfig("prod", { env: region, cwmpFrontDoor: { ...door, httpPorts: [8080] } }),
      /cwmpFrontDoor\.httpPorts/,
    );
    assert.throws(
      () =>
        parseStageConfig("prod", {
          env: region,
          cwmpFrontDoor: { ...door, mtls: { caBundleS3Uri: "https://bucket/ca.pem" } },
        }),
      /cwmpFrontDoor\.mtls/,
    );
    assert.equal(parseStageConfig("prod", {}).cwmpEntry, "api");
  });

  it("takes certificate, zone and TLS floor from the custom domain when not given", () => {
    // Act
    const config = parseStageConfig("prod", {
      env: region,
      customDomain: {
        domainName: "acs.example.net",
        certificateArn: "arn:aws:acm:eu-west-1:1:certificate/a",
        hostedZone: zone,
        minimumTls: "1.0",
      },
      cwmpFrontDoor: { domainName: "cwmp.example.net" },
    });

    // Assess
    assert.deepEqual(config.cwmpFrontDoor, {
      domainName: "cwmp.example.net",
      certificateArn: "arn:aws:acm:eu-west-1:1:certificate/a",
      hostedZone: zone,
      minimumTls: "1.0",
      rateLimitPerIp: 2000,
      managedCommonRules: false,
      webAcl: true,
      httpPorts: [],
    });
  });

  it("keeps its own certificate and TLS floor over the custom domain's", () => {
    // Act
    const config = parseStageConfig("prod", {
      env: region,
      customDomain: { domainName: "acs.example.net", certificateArn: "arn:aws:acm:x:1:c/a" },
      cwmpFrontDoor: {
        domainName: "cwmp.example.net",
        certificateArn: "arn:aws:acm:x:1:c/b",
        minimumTls: "1.2",
      },
    });

    // Assess
    assert.equal(config.cwmpFrontDoor?.certificateArn, "arn:aws:acm:x:1:c/b");
    assert.equal(config.cwmpFrontDoor?.minimumTls, "1.2");
  });

  for (const [name, stage, key] of [
    [
      "no certificate and no zone to issue one in",
      { env: region, cwmpFrontDoor: { domainName: "cwmp.example.net" } },
      "acs:stages.prod.cwmpFrontDoor",
    ],
    [
      "no region (the access logs' bucket policy needs it)",
      { cwmpFrontDoor: { domainName: "cwmp.example.net", hostedZone: zone } },
      "acs:stages.prod.cwmpFrontDoor",
    ],
    [
      "the custom domain's own name",
      {
        env: region,
        customDomain: { domainName: "acs.example.net", hostedZone: zone },
        cwmpFrontDoor: { domainName: "ACS.example.net" },
      },
      "acs:stages.prod.cwmpFrontDoor.domainName",
    ],
    [
      "a rate limit below what AWS WAF accepts",
      {
        env: region,
        cwmpFrontDoor: { domainName: "cwmp.example.net", hostedZone: zone, rateLimitPerIp: 5 },
      },
      "acs:stages.prod.cwmpFrontDoor.rateLimitPerIp",
    ],
  ] as const) {
    it(`refuses a front door with ${name}`, () => {
      // Act & Assess
      assert.throws(
        () => parseStageConfig("prod", stage),
        (error: unknown) => error instanceof StageConfigError && error.key === key,
      );
    });
  }

  it("is off by default", () => {
    assert.equal(parseStageConfig("dev", {}).cwmpFrontDoor, undefined);
  });
});
