import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { parseStageConfig, StageConfigError } from "../../lib/config.ts";
import { type AcsTestApp, buildAcsApp } from "./build-acs-app.ts";

/** The sender's container environment, from the one ECS task definition of the stack. */
function senderEnvironment(template: Template): Array<{ Name: string; Value: unknown }> {
  const definitions = Object.values(template.findResources("AWS::ECS::TaskDefinition"));
  const sender = definitions.find((definition) =>
    definition.Properties.ContainerDefinitions.some((c: { Name: string }) => c.Name === "Sender"),
  );
  return sender?.Properties.ContainerDefinitions[0].Environment ?? [];
}

describe("connectionRequest.methods stage option", () => {
  let built: AcsTestApp;
  let plain: AcsTestApp;

  before(() => {
    built = buildAcsApp({ stage: { connectionRequest: { methods: ["udp", "http"] } } });
    plain = buildAcsApp({ stage: {} });
  });

  after(() => {
    built.dispose();
    plain.dispose();
  });

  it("gives the sender its method order as ACS_CR_METHODS", () => {
    Template.fromStack(built.acs).hasResourceProperties("AWS::ECS::TaskDefinition", {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Name: "Sender",
          Environment: Match.arrayWith([{ Name: "ACS_CR_METHODS", Value: "udp,http" }]),
        }),
      ]),
    });
  });

  it("leaves the sender's default order without the option", () => {
    const names = senderEnvironment(Template.fromStack(plain.acs)).map(({ Name }) => Name);

    assert.ok(names.includes("ACS_CR_VISIBILITY_SECONDS"), "the sender's environment was found");
    assert.equal(names.includes("ACS_CR_METHODS"), false);
  });

  it("refuses an unknown method, a repeated one and an empty list", () => {
    for (const methods of [["http", "sms"], ["http", "http"], []]) {
      assert.throws(
        () => parseStageConfig("prod", { connectionRequest: { methods } }),
        (error) =>
          error instanceof StageConfigError &&
          error.key.startsWith("acs:stages.prod.connectionRequest.methods"),
        JSON.stringify(methods),
      );
    }
  });
});
