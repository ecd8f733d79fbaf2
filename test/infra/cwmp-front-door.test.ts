import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { type AcsTestApp, buildAcsApp, fullStage } from "./build-acs-app.ts";
import { functionBehindRoute, onlyResource } from "./template-queries.ts";

const frontDoorTypes = [
  "AWS::ElasticLoadBalancingV2::LoadBalancer",
  "AWS::ElasticLoadBalancingV2::Listener",
  "AWS::ElasticLoadBalancingV2::ListenerRule",
  "AWS::ElasticLoadBalancingV2::TargetGroup",
  "AWS::WAFv2::WebACL",
  "AWS::WAFv2::WebACLAssociation",
  "AWS::S3::Bucket",
];

/** A stage whose front door reuses the custom domain's imported certificate. */
const importedCertificateStage = {
  env: { region: "eu-west-1" },
  customDomain: {
    domainName: "acs.example.net",
    certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/wildcard",
    minimumTls: "1.0",
  },
  cwmpFrontDoor: { domainName: "cwmp.example.net" },
};

describe("cwmpFrontDoor stage option", () => {
  let full: AcsTestApp;
  let plain: AcsTestApp;
  let imported: AcsTestApp;
  let unguarded: AcsTestApp;
  let on: Template;
  let off: Template;
  let reused: Template;
  let noWaf: Template;
  let loadBalancer: string;

  before(() => {
    // Without the console, whose own bucket (operator-console.test.ts) would be counted here.
    const noConsole = { console: { enabled: false } };
    full = buildAcsApp({ stage: { ...fullStage, ...noConsole } });
    plain = buildAcsApp({ stage: noConsole });
    imported = buildAcsApp({ stage: { ...importedCertificateStage, ...noConsole } });
    unguarded = buildAcsApp({
      stage: {
        ...importedCertificateStage,
        ...noConsole,
        cwmpFrontDoor: { ...importedCertificateStage.cwmpFrontDoor, webAcl: false },
      },
    });
    on = Template.fromStack(full.acs);
    off = Template.fromStack(plain.acs);
    reused = Template.fromStack(imported.acs);
    noWaf = Template.fromStack(unguarded.acs);
    loadBalancer = onlyResource(on, "AWS::ElasticLoadBalancingV2::LoadBalancer", {});
  });

  after(() => {
    full.dispose();
    plain.dispose();
    imported.dispose();
    unguarded.dispose();
  });

  it("puts an internet-facing ALB in public subnets, logging to its own bucket", () => {
    // Prepare
    const bucket = onlyResource(on, "AWS::S3::Bucket", {});

    // Assess
    on.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internet-facing",
      Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp("publicSubnet") }]),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
        { Key: "routing.http.xff_header_processing.mode", Value: "append" },
        { Key: "access_logs.s3.enabled", Value: "true" },
        { Key: "access_logs.s3.bucket", Value: { Ref: bucket } },
      ]),
    });
  });

  it("keeps the access logs encrypted, private and reachable over TLS only", () => {
    on.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    on.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("lets HTTPS in from anywhere and nothing else", () => {
    on.hasResourceProperties("AWS::EC2::SecurityGroup", {
      GroupDescription: Match.stringLikeRegexp("front door"),
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: "0.0.0.0/0", IpProtocol: "tcp", FromPort: 443, ToPort: 443 }),
      ],
    });
  });

  it("listens on HTTPS with a certificate issued for its domain in the zone", () => {
    // Prepare
    const certificate = onlyResource(on, "AWS::CertificateManager::Certificate", {
      DomainName: "cwmp.example.net",
      ValidationMethod: "DNS",
    });

    // Assess
    on.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      LoadBalancerArn: { Ref: loadBalancer },
      Port: 443,
      Protocol: "HTTPS",
      Certificates: [{ CertificateArn: { Ref: certificate } }],
      SslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
      DefaultActions: [Match.objectLike({ Type: "fixed-response" })],
    });
    on.hasResourceProperties("AWS::Route53::RecordSet", {
      Name: "cwmp.example.net.",
      Type: "A",
      AliasTarget: Match.objectLike({
        HostedZoneId: { "Fn::GetAtt": [loadBalancer, "CanonicalHostedZoneID"] },
      }),
    });
  });

  it("forwards POSTs to the CWMP paths to the CWMP function, single-value headers", () => {
    // Prepare
    const cwmp = functionBehindRoute(on, "POST /cwmp");
    const targetGroup = onlyResource(on, "AWS::ElasticLoadBalancingV2::TargetGroup", {
      TargetType: "lambda",
      Targets: [{ Id: { "Fn::GetAtt": [cwmp, "Arn"] } }],
      TargetGroupAttributes: [{ Key: "lambda.multi_value_headers.enabled", Value: "false" }],
    });

    // Assess
    on.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Actions: [{ Type: "forward", TargetGroupArn: { Ref: targetGroup } }],
      Conditions: Match.arrayWith([
        { Field: "path-pattern", PathPatternConfig: { Values: ["/", "/cwmp"] } },
        { Field: "http-request-method", HttpRequestMethodConfig: { Values: ["POST"] } },
      ]),
    });
    on.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [cwmp, "Arn"] },
      Principal: "elasticloadbalancing.amazonaws.com",
    });
  });

  it("guards the ALB with a regional web ACL that rate-limits each source IP", () => {
    // Prepare
    const webAcl = onlyResource(on, "AWS::WAFv2::WebACL", {});

    // Assess
    on.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Priority: 0,
          Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
          Statement: {
            RateBasedStatement: { AggregateKeyType: "IP", Limit: 1200, EvaluationWindowSec: 300 },
          },
        }),
      ]),
    });
    on.hasResourceProperties("AWS::WAFv2::WebACLAssociation", {
      ResourceArn: { Ref: loadBalancer },
      WebACLArn: { "Fn::GetAtt": [webAcl, "Arn"] },
    });
  });

  it("adds the common rule set when asked, its body size rule only counting", () => {
    on.hasResourceProperties("AWS::WAFv2::WebACL", {
      Rules: Match.arrayWith([
        Match.objectLike({
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: "AWSManagedRulesCommonRuleSet",
              RuleActionOverrides: [{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }],
            }),
          },
        }),
      ]),
    });
  });

  it("defaults to 2000 requests per IP, no managed rules, and the custom domain's certificate and TLS floor", () => {
    // Prepare
    const rules = Object.values(reused.findResources("AWS::WAFv2::WebACL"))[0]?.Properties.Rules;

    // Assess
    assert.equal(rules.length, 1);
    assert.equal(rules[0].Statement.RateBasedStatement.Limit, 2000);
    reused.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Certificates: [{ CertificateArn: importedCertificateStage.customDomain.certificateArn }],
      SslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06",
    });
    reused.resourceCountIs("AWS::CertificateManager::Certificate", 0);
    reused.resourceCountIs("AWS::Route53::RecordSet", 0);
  });

  it("builds the door without a web ACL when webAcl is off, and warns at synth", () => {
    // Prepare
    const warnings = unguarded.acs.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === "aws:cdk:warning")
      .map((entry) => String(entry.data));

    // Assess
    noWaf.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
    noWaf.resourceCountIs("AWS::WAFv2::WebACL", 0);
    noWaf.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
    reused.resourceCountIs("AWS::WAFv2::WebACL", 1);
    assert.ok(
      warnings.some((warning) => warning.includes("webAcl is off")),
      `no warning about the missing web ACL in ${JSON.stringify(warnings)}`,
    );
  });

  it("names the front door's URL and DNS target in the outputs", () => {
    on.hasOutput("FrontDoorCwmpUrl", { Value: "https://cwmp.example.net/cwmp" });
    on.hasOutput("FrontDoorTarget", { Value: { "Fn::GetAtt": [loadBalancer, "DNSName"] } });
  });

  it("creates no load balancer, web ACL, bucket or ELB permission by default", () => {
    // Assess
    for (const type of frontDoorTypes) off.resourceCountIs(type, 0);
    assert.deepEqual(
      off.findResources("AWS::Lambda::Permission", {
        Properties: { Principal: "elasticloadbalancing.amazonaws.com" },
      }),
      {},
    );
    assert.deepEqual(off.findOutputs("FrontDoorCwmpUrl"), {});
    // The query finds what it looks for when it is there.
    for (const type of frontDoorTypes) assert.ok(Object.keys(on.findResources(type)).length > 0);
  });
});
