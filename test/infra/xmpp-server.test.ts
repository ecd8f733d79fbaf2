import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { parseStageConfig } from "../../lib/config.ts";
import { type AcsTestApp, buildAcsApp, xmppServerStage } from "./build-acs-app.ts";

const CERT_ARN = xmppServerStage.xmpp.deployedServer.certificateSecretArn;

describe("xmpp.server: deploy", () => {
  let built: AcsTestApp;
  let template: Template;

  before(() => {
    built = buildAcsApp({ stage: xmppServerStage });
    template = Template.fromStack(built.acs);
  });
  after(() => built.dispose());

  it("puts an internet-facing NLB in front with TCP passthrough on 5222 and 5223", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Type: "network",
      Scheme: "internet-facing",
    });
    for (const port of [5222, 5223]) {
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
        Port: port,
        Protocol: "TCP",
      });
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
        Port: port,
        Protocol: "TCP",
        TargetType: "ip",
      });
    }
  });

  it("runs ejabberd with the certificate, the ACS password and the HMAC key as secrets", () => {
    const containers = template.findResources("AWS::ECS::TaskDefinition", {
      Properties: {
        ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: "Ejabberd" })]),
      },
    });
    const [task] = Object.values(containers);
    assert.ok(task, "an ejabberd task definition");
    const container = task.Properties.ContainerDefinitions[0];
    const secrets = container.Secrets.map((secret: { Name: string }) => secret.Name).sort();
    assert.deepEqual(secrets, ["XMPP_ACCOUNT_KEY", "XMPP_ACS_PASSWORD", "XMPP_TLS_PEM"]);
    assert.equal(container.ReadonlyRootFilesystem, true);
    assert.equal(container.LinuxParameters?.InitProcessEnabled, true, "an init reaps orphans");
    assert.deepEqual(
      container.Environment.map((entry: { Name: string; Value: string }) => [
        entry.Name,
        entry.Value,
      ]),
      [
        ["XMPP_DOMAIN", "example.net"],
        ["XMPP_ACS_USER", "acs"],
      ],
    );
    const pem = container.Secrets.find(
      (secret: { Name: string }) => secret.Name === "XMPP_TLS_PEM",
    );
    assert.equal(pem.ValueFrom, CERT_ARN);
  });

  it("uses the secrets the sender and the CWMP function hold, not new ones", () => {
    const task = Object.values(
      template.findResources("AWS::ECS::TaskDefinition", {
        Properties: {
          ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: "Ejabberd" })]),
        },
      }),
    )[0];
    const refs = task?.Properties.ContainerDefinitions[0].Secrets.filter(
      (secret: { Name: string }) => secret.Name !== "XMPP_TLS_PEM",
    ).map((secret: { ValueFrom: { Ref: string } }) => secret.ValueFrom.Ref);
    assert.equal(refs.length, 2);
    assert.ok(
      refs.some((ref: string) => ref.startsWith("SenderXmppPassword")),
      String(refs),
    );
    assert.ok(
      refs.some((ref: string) => ref.startsWith("CwmpXmppAccountKey")),
      String(refs),
    );
  });

  it("opens only the two c2s ports on the task and outputs the host name", () => {
    const groups = template.findResources("AWS::EC2::SecurityGroup", {
      Properties: { GroupDescription: Match.stringLikeRegexp("ejabberd") },
    });
    const [group] = Object.values(groups);
    const ports = group?.Properties.SecurityGroupIngress.map(
      (rule: { FromPort: number }) => rule.FromPort,
    );
    assert.deepEqual(ports.sort(), [5222, 5223]);
    const outputs = Object.keys(template.findOutputs("*"));
    assert.ok(
      outputs.some((name) => name.includes("XmppServerHostName")),
      String(outputs),
    );
  });

  it("is absent by default and with an external server", () => {
    const plain = buildAcsApp({
      stage: { xmpp: { service: "xmpp://x.example:5222", jid: "a@x.example" } },
    });
    const groups = Template.fromStack(plain.acs).findResources("AWS::ECS::TaskDefinition");
    plain.dispose();
    assert.equal(Object.keys(groups).length, 1, "the sender's task only");
  });
});

describe("xmpp.server stage option validation", () => {
  it("refuses deploy without a certificate, or with XEP-0133 account creation", () => {
    const { deployedServer: _, ...noCert } = xmppServerStage.xmpp;
    assert.throws(() => parseStageConfig("t", { xmpp: noCert }), /deployedServer/);
    const creating = { ...xmppServerStage.xmpp, createAccounts: true };
    assert.throws(() => parseStageConfig("t", { xmpp: creating }), /createAccounts/);
  });

  it("defaults to an external server and a 1 vCPU / 2 GiB task", () => {
    const external = parseStageConfig("t", {
      xmpp: { service: "xmpp://x.example:5222", jid: "a@x.example" },
    });
    assert.equal(external.xmpp?.server, "external");
    const deployed = parseStageConfig("t", { xmpp: xmppServerStage.xmpp });
    assert.deepEqual(deployed.xmpp?.deployedServer, {
      certificateSecretArn: CERT_ARN,
      cpu: 1024,
      memoryMiB: 2048,
    });
  });
});
