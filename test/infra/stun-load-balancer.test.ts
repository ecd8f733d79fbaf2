import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { parseStageConfig, StageConfigError } from "../../lib/config.ts";
import { type AcsTestApp, buildAcsApp, udpStage } from "./build-acs-app.ts";

describe("connectionRequest.udp stage option", () => {
  let built: AcsTestApp;
  let plain: AcsTestApp;
  let on: Template;
  let off: Template;

  before(() => {
    built = buildAcsApp({ stage: udpStage });
    plain = buildAcsApp({ stage: {} });
    on = Template.fromStack(built.acs);
    off = Template.fromStack(plain.acs);
  });

  after(() => {
    built.dispose();
    plain.dispose();
  });

  it("puts an internet-facing NLB on one Elastic IP per public subnet", () => {
    const eips = on.findResources("AWS::EC2::EIP", { Properties: { Domain: "vpc" } });
    const stunEips = Object.keys(eips).filter((id) => id.includes("Stun"));

    assert.equal(stunEips.length, 2);
    on.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Type: "network",
      Scheme: "internet-facing",
      SubnetMappings: stunEips.map((id) => ({
        AllocationId: { "Fn::GetAtt": [id, "AllocationId"] },
        SubnetId: Match.anyValue(),
      })),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: "load_balancing.cross_zone.enabled", Value: "true" },
      ]),
    });
  });

  it("forwards UDP 3478 to the sender task's 3478/udp, health-checked over HTTP on its health port", () => {
    on.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 3478,
      Protocol: "UDP",
    });
    on.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      Port: 3478,
      Protocol: "UDP",
      TargetType: "ip",
      HealthCheckProtocol: "HTTP",
      HealthCheckPort: "8080",
      HealthCheckPath: "/health",
    });
    on.hasResourceProperties("AWS::ECS::TaskDefinition", {
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: [{ ContainerPort: 3478, Protocol: "udp" }],
          Environment: Match.arrayWith([{ Name: "ACS_STUN_PORT", Value: "3478" }]),
        }),
      ],
    });
    on.hasResourceProperties("AWS::EC2::SecurityGroup", {
      SecurityGroupIngress: Match.arrayWith([
        Match.objectLike({ CidrIp: "0.0.0.0/0", IpProtocol: "udp", FromPort: 3478, ToPort: 3478 }),
      ]),
    });
  });

  it("points the CWMP function's STUN profile at the first Elastic IP and outputs the addresses", () => {
    on.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          ACS_STUN_SERVER_ADDRESS: {
            "Fn::GetAtt": [Match.stringLikeRegexp("StunAddress1"), "PublicIp"],
          },
          ACS_STUN_SERVER_PORT: "3478",
          ACS_STUN_KEEPALIVE_SECONDS: "25",
        }),
      },
    });
    on.hasOutput("StunServerAddresses", { Value: Match.anyValue() });
  });

  it("adds nothing without the option", () => {
    off.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
    assert.deepEqual(Object.keys(off.findOutputs("StunServerAddresses")), []);
  });

  it("refuses more than one sender task and a keep-alive at or above the NLB's UDP idle timeout", () => {
    const refused = (stage: object, key: string) =>
      assert.throws(
        () => parseStageConfig("prod", stage),
        (error) => error instanceof StageConfigError && error.key === `acs:stages.prod.${key}`,
      );

    refused({ connectionRequest: { udp: { enabled: true } } }, "sender.maxTasks");
    refused(
      {
        connectionRequest: { udp: { enabled: true, keepAliveSeconds: 120 } },
        sender: { maxTasks: 1 },
      },
      "connectionRequest.udp.keepAliveSeconds",
    );
    assert.equal(
      parseStageConfig("prod", { connectionRequest: { udp: {} }, sender: { maxTasks: 1 } })
        .connectionRequest?.udp?.keepAliveSeconds,
      30,
    );
  });
});
