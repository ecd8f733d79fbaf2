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
