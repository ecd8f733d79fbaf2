import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { type AcsTestApp, buildAcsApp } from "./build-acs-app.ts";

/** The one resource of `type` in the template (its definition). */
function onlyResource(template: Template, type: string) {
  const found = Object.values(template.findResources(type));
  assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
  // biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped JSON, read by path here.
  return found[0] as { Properties: Record<string, any> };
}

/** CloudFront's managed policies, by the ids AWS publishes for them. */
const cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const allViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

describe("OperatorConsole (the console in AWS), default stage", () => {
  let built: AcsTestApp;
  let acs: Template;
  let data: Template;
  before(() => {
    built = buildAcsApp({ stage: {} });
    acs = Template.fromStack(built.acs);
    data = Template.fromStack(built.data);
  });
  after(() => built.dispose());

  it("keeps the console's bucket private, reached by CloudFront through Origin Access Control", () => {
    // Prepare
    const [bucketId] = Object.keys(
      acs.findResources("AWS::S3::Bucket", {
        Properties: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: Match.anyValue(),
        },
      }),
    );
    assert.ok(bucketId, "no private, encrypted bucket in the stateless stack");
    // Act
    const distribution = onlyResource(acs, "AWS::CloudFront::Distribution");
    // Assess
    const config = distribution.Properties.DistributionConfig;
    const s3Origin = config.Origins.find(
      (origin: { DomainName: unknown }) =>
        JSON.stringify(origin.DomainName) ===
        JSON.stringify({ "Fn::GetAtt": [bucketId, "RegionalDomainName"] }),
    );
    assert.ok(s3Origin, "the bucket is not an origin");
    assert.ok(s3Origin.OriginAccessControlId, "the S3 origin has no Origin Access Control");
    assert.equal(s3Origin.S3OriginConfig.OriginAccessIdentity, "");
    assert.equal(config.DefaultCacheBehavior.TargetOriginId, s3Origin.Id);
    assert.equal(config.DefaultRootObject, "index.html");
    acs.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          Match.objectLike({
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
          }),
        ]),
      },
    });
  });

  it("sends /console-api/* to the HTTP API's execute-api name, uncached, every method, Host left out", () => {
    // Act
    const config = onlyResource(acs, "AWS::CloudFront::Distribution").Properties.DistributionConfig;
    // Assess
    const [behaviour] = config.CacheBehaviors;
    assert.equal(config.CacheBehaviors.length, 1);
    assert.equal(behaviour.PathPattern, "/console-api/*");
    assert.equal(behaviour.CachePolicyId, cachingDisabled);
    assert.equal(behaviour.OriginRequestPolicyId, allViewerExceptHostHeader);
    assert.deepEqual([...behaviour.AllowedMethods].sort(), [
      "DELETE",
      "GET",
      "HEAD",
      "OPTIONS",
      "PATCH",
      "POST",
      "PUT",
    ]);
    const apiOrigin = config.Origins.find(
      (origin: { Id: string }) => origin.Id === behaviour.TargetOriginId,
    );
    assert.equal(apiOrigin.CustomOriginConfig.OriginProtocolPolicy, "https-only");
    assert.match(
      JSON.stringify(apiOrigin.DomainName),
      /"Fn::Split":\["\/",\{"Fn::GetAtt":\["HttpApi[^"]*","ApiEndpoint"\]/,
    );
  });

  it("answers with a strict CSP naming the hosted UI and the files bucket, HSTS and no framing", () => {
    // Act
    const policy = onlyResource(acs, "AWS::CloudFront::ResponseHeadersPolicy").Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // Assess
    const csp = JSON.stringify(policy.ContentSecurityPolicy.ContentSecurityPolicy);
    assert.match(csp, /default-src 'self'; script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(
      csp,
      /connect-src 'self' https:\/\/",\{"Fn::ImportValue":"Data:[^"]*HostedUi[^"]*"\},"\.auth\./,
    );
    assert.match(csp, /\{"Fn::ImportValue":"Data:FilesBucketName"\},"\.s3\./);
    assert.equal(policy.StrictTransportSecurity.Override, true);
    assert.equal(policy.FrameOptions.FrameOption, "DENY");
    const behaviours = onlyResource(acs, "AWS::CloudFront::Distribution").Properties
      .DistributionConfig;
    assert.ok(behaviours.DefaultCacheBehavior.ResponseHeadersPolicyId);
  });

  it("keeps users in the data stack: no self sign-up, a strong password, TOTP, three role groups", () => {
    // Assess
    data.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireSymbols: true,
          RequireUppercase: true,
        }),
      },
    });
    const groups = Object.values(data.findResources("AWS::Cognito::UserPoolGroup")).map(
      (group) => group.Properties.GroupName,
    );
    assert.deepEqual(groups.sort(), ["admin", "operator", "viewer"]);
    data.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: { "Fn::Join": ["", ["acs-test-", { Ref: "AWS::AccountId" }]] },
    });
  });

  it("gives the console a public client: code grant, no secret, the distribution as callback", () => {
    // Act
    const client = onlyResource(acs, "AWS::Cognito::UserPoolClient").Properties;
    // Assess
    assert.deepEqual(client.AllowedOAuthFlows, ["code"]);
    assert.equal(client.GenerateSecret, false);
    assert.deepEqual(client.AllowedOAuthScopes, ["openid", "email", "profile"]);
    const distribution = Object.keys(acs.findResources("AWS::CloudFront::Distribution"))[0];
    const url = {
      "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distribution, "DomainName"] }, "/"]],
    };
    assert.deepEqual(client.CallbackURLs, [url]);
    assert.deepEqual(client.LogoutURLs, [url]);
  });

  it("puts a JWT authorizer on /console-api (pool issuer, client audience) and keeps IAM on /api", () => {
    // Prepare
    const [authorizerId] = Object.keys(
      acs.findResources("AWS::ApiGatewayV2::Authorizer", {
        Properties: {
          AuthorizerType: "JWT",
          JwtConfiguration: {
            Issuer: {
              "Fn::Join": [
                "",
                [
                  "https://cognito-idp.",
                  { Ref: "AWS::Region" },
                  ".amazonaws.com/",
                  { "Fn::ImportValue": Match.stringLikeRegexp("^Data:.*ConsoleUsersPool") },
                ],
              ],
            },
            Audience: [{ Ref: Match.stringLikeRegexp("^ConsoleClient") }],
          },
        },
      }),
    );
    assert.ok(authorizerId, "no JWT authorizer with the pool's issuer and the client's audience");
    // Assess
    acs.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "ANY /console-api/{proxy+}",
      AuthorizationType: "JWT",
      AuthorizerId: { Ref: authorizerId },
    });
    acs.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "ANY /api/{proxy+}",
      AuthorizationType: "AWS_IAM",
    });
  });

  it("lets the files bucket take PUTs from CloudFront-served pages (console uploads)", () => {
    // Assess
    data.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ["PUT"],
            AllowedOrigins: ["https://*.cloudfront.net"],
          }),
        ],
      },
    });
  });

  it("deploys the built files and a console-config.json naming Cognito, the client and /console-api", () => {
    // Act
    const assembly = built.app.synth();
    const deployment = onlyResource(acs, "Custom::CDKBucketDeployment").Properties;
    // Assess
    assert.deepEqual(deployment.DistributionPaths, ["/*"]);
    assert.match(String(deployment.SystemMetadata?.["cache-control"]), /max-age=0/);
    const staged = readdirSync(assembly.directory)
      .filter((entry) => entry.startsWith("asset."))
      .flatMap((entry) => {
        const dir = join(assembly.directory, entry);
        try {
          return readdirSync(dir).map((name) => ({ name, path: join(dir, name) }));
        } catch {
          return [];
        }
      });
    const names = staged.map((file) => file.name);
    assert.ok(names.includes("index.html"), `index.html not staged: ${names}`);
    const config = staged.find((file) => file.name === "console-config.json");
    assert.ok(config, `console-config.json not staged: ${names}`);
    const parsed = JSON.parse(readFileSync(config.path, "utf8"));
    assert.equal(parsed.auth, "cognito");
    assert.equal(parsed.apiBase, "/console-api");
    const markers = JSON.stringify(deployment.SourceMarkers);
    assert.match(markers, /"Ref":"ConsoleClient/);
    assert.match(markers, /ConsoleUsersPoolHostedUi/);
    assert.ok(Object.keys(parsed.cognito).sort().join() === "clientId,domain,region");
  });

  it("outputs the console URL and the user pool id", () => {
    // Assess
    acs.hasOutput("ConsoleUrl", {
      Value: {
        "Fn::Join": ["", ["https://", { "Fn::GetAtt": [Match.anyValue(), "DomainName"] }, "/"]],
      },
    });
    acs.hasOutput("ConsoleUserPoolId", {
      Value: { "Fn::ImportValue": Match.stringLikeRegexp("ConsoleUsersPool") },
    });
  });
});

describe("OperatorConsole with a custom domain and a named hosted-UI prefix", () => {
  it("sends /console-api/* to the custom domain and uses the named prefix", () => {
    // Prepare
    const built = buildAcsApp({
      stage: {
        customDomain: {
          domainName: "acs.example.net",
          certificateArn: "arn:aws:acm:eu-west-1:1:certificate/x",
        },
        console: { cognitoDomainPrefix: "acme-acs-console" },
      },
    });
    // Act
    const acs = Template.fromStack(built.acs);
    const data = Template.fromStack(built.data);
    built.dispose();
    // Assess
    const config = onlyResource(acs, "AWS::CloudFront::Distribution").Properties.DistributionConfig;
    const apiOrigin = config.Origins.find(
      (origin: { Id: string }) => origin.Id === config.CacheBehaviors[0].TargetOriginId,
    );
    assert.equal(apiOrigin.DomainName, "acs.example.net");
    data.hasResourceProperties("AWS::Cognito::UserPoolDomain", { Domain: "acme-acs-console" });
  });
});

describe("The console switched off", () => {
  it("deploys no distribution, no user pool, no /console-api route and no CORS", () => {
    // Prepare
    const built = buildAcsApp({ stage: { console: { enabled: false } } });
    // Act
    const acs = Template.fromStack(built.acs);
    const data = Template.fromStack(built.data);
    built.dispose();
    // Assess
    acs.resourceCountIs("AWS::CloudFront::Distribution", 0);
    data.resourceCountIs("AWS::Cognito::UserPool", 0);
    assert.deepEqual(
      acs.findResources("AWS::ApiGatewayV2::Route", {
        Properties: { RouteKey: "ANY /console-api/{proxy+}" },
      }),
      {},
    );
    data.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      CorsConfiguration: Match.absent(),
    });
  });
});
