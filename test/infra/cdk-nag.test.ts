import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Validations } from "aws-cdk-lib";
import {
  albEntryStage,
  buildAcsApp,
  fullStage,
  udpStage,
  xmppServerStage,
} from "./build-acs-app.ts";

describe("cdk-nag AwsSolutions", () => {
  for (const [name, stage] of [
    ["every optional part on", fullStage],
    ["the default stage", {}],
    ["CWMP through the ALB only, with plain HTTP and mutual TLS", albEntryStage],
    [
      "the ALB door without its web ACL",
      { ...albEntryStage, cwmpFrontDoor: { ...albEntryStage.cwmpFrontDoor, webAcl: false } },
    ],
    ["ejabberd deployed with the stack", xmppServerStage],
    ["UDP connection requests with STUN behind an NLB", udpStage],
  ] as const) {
    it(`reports no unacknowledged error for the whole app, ${name}`, () => {
      // Prepare
      const built = buildAcsApp({ stage, validate: true });

      // Act
      let failure: unknown;
      try {
        built.app.synth();
      } catch (error) {
        failure = error;
      } finally {
        built.dispose();
      }

      // Assess
      assert.equal(failure, undefined, `synthesis failed validation:\n${String(failure)}`);
    });
  }

  it("gives every AwsSolutions acknowledgement a reason of at least one sentence", () => {
    // Prepare
    const built = buildAcsApp();

    // Act
    const acknowledgements = built.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
      )
      .filter(([rule]) => rule.includes("AwsSolutions-"));
    built.dispose();

    // Assess
    assert.ok(acknowledgements.length > 0, "no acknowledgement found: the query is wrong");
    for (const [rule, reason] of acknowledgements) {
      assert.ok(reason.split(" ").length >= 12, `${rule}: reason too thin: "${reason}"`);
    }
  });
});
