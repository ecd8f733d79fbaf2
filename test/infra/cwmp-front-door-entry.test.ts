import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { StageConfigError } from "../../lib/config.ts";
import { PlainHttpNeedsDigestError } from "../../lib/constructs/cwmp-front-door.ts";
import { type AcsTestApp, albEntryStage, buildAcsApp } from "./build-acs-app.ts";
import { onlyResource } from "./template-queries.ts";

const listener = "AWS::ElasticLoadBalancingV2::Listener";

describe("cwmpFrontDoor: plain HTTP, mutual TLS and the CWMP entry", () => {
  let built: AcsTestApp;
  let template: Template;

  before(() => {
    built = buildAcsApp({ stage: albEntryStage });
    template = Template.fromStack(built.acs);
  });

  after(() => built.dispose());

  it("listens on plain HTTP on each chosen port, 404 by default, CWMP POSTs to the function", () => {
    for (const port of [7547, 80]) {
      // Prepare
      const http = onlyResource(template, listener, { Port: port });

      // Assess
      template.hasResourceProperties(listener, {
        Port: port,
        Protocol: "HTTP",
        DefaultActions: [Match.objectLike({ Type: "fixed-response" })],
      });
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
        ListenerArn: { Ref: http },
        Conditions: Match.arrayWith([
          Match.objectLike({
            Field: "path-pattern",
            PathPatternConfig: { Values: ["/", "/cwmp"] },
          }),
        ]),
        Actions: [Match.objectLike({ Type: "forward" })],
      });
    }
    template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      GroupDescription: Match.stringLikeRegexp("front door"),
      SecurityGroupIngress: Match.arrayWith([
        Match.objectLike({ FromPort: 7547, ToPort: 7547 }),
        Match.objectLike({ FromPort: 80, ToPort: 80 }),
      ]),
    });
  });

  it("warns at synth that plain HTTP exposes the session", () => {
    Annotations.fromStack(built.acs).hasWarning(
      "*",
      Match.stringLikeRegexp("plain HTTP exposes CWMP sessions"),
    );
  });

  it("verifies client certificates on 443 against a trust store of the operator's CA bundle", () => {
    // Prepare
    const store = onlyResource(template, "AWS::ElasticLoadBalancingV2::TrustStore", {
      CaCertificatesBundleS3Bucket: "operator-pki",
      CaCertificatesBundleS3Key: "cpe-ca.pem",
    });

    // Assess
    template.hasResourceProperties(listener, {
      Port: 443,
      Protocol: "HTTPS",
      MutualAuthentication: {
        Mode: "verify",
        TrustStoreArn: { "Fn::GetAtt": [store, "TrustStoreArn"] },
        IgnoreClientCertificateExpiry: false,
      },
    });
  });

  it("names the mTLS target group and tells the function that name", () => {
    // Prepare
    const groups = template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup", {
      Properties: { Name: Match.anyValue() },
    });
    const names = Object.values(groups).map((group) => group.Properties.Name as string);

    // Assess
    assert.equal(names.length, 1);
    const [name] = names;
    assert.ok(name && name.length <= 32 && /^[A-Za-z0-9-]+$/.test(name), `bad name ${name}`);
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ ACS_MTLS_TARGET_GROUP: name }) },
    });
  });

  it("with cwmpEntry alb, the HTTP API serves the provisioning API but no CWMP route", () => {
    template.resourcePropertiesCountIs(
      "AWS::ApiGatewayV2::Route",
      // The CWMP routes (`POST /`, `POST /cwmp`); `POST /bulk-data` is the TR-232 collector's.
      { RouteKey: Match.stringLikeRegexp("^POST /(cwmp)?$") },
      0,
    );
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "ANY /api/{proxy+}" });
    assert.equal(template.findOutputs("CwmpUrl").CwmpUrl, undefined);
  });

  it("refuses plain HTTP with Basic at synth", () => {
    assert.throws(
      () => buildAcsApp({ stage: { ...albEntryStage, cpeAuth: "basic" } }),
      (error) => error instanceof PlainHttpNeedsDigestError && error.cpeAuth === "basic",
    );
  });

  it("refuses cwmpEntry alb without a front door", () => {
    assert.throws(
      () => buildAcsApp({ stage: { env: { region: "eu-west-1" }, cwmpEntry: "alb" } }),
      StageConfigError,
    );
  });
});
