import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { type AcsTestApp, buildAcsApp, fullStage } from "./build-acs-app.ts";
import { onlyResource } from "./template-queries.ts";

const cwmpFunction = { Description: Match.stringLikeRegexp("CWMP") };

describe("AWS hardening stage options", () => {
  let full: AcsTestApp;
  let plain: AcsTestApp;
  let on: Template;
  let off: Template;

  before(() => {
    full = buildAcsApp({ stage: fullStage });
    plain = buildAcsApp({ stage: {} });
    on = Template.fromStack(full.acs);
    off = Template.fromStack(plain.acs);
  });

  after(() => {
    full.dispose();
    plain.dispose();
  });

  describe("cwmpReservedConcurrency", () => {
    it("reserves the configured concurrency for the CWMP function only", () => {
      // Assess
      on.hasResourceProperties("AWS::Lambda::Function", {
        ...cwmpFunction,
        ReservedConcurrentExecutions: 200,
      });
      on.hasResourceProperties("AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("provisioning API"),
        ReservedConcurrentExecutions: Match.absent(),
      });
    });

    it("reserves nothing by default", () => {
      off.hasResourceProperties("AWS::Lambda::Function", {
        ...cwmpFunction,
        ReservedConcurrentExecutions: Match.absent(),
      });
    });
  });

  describe("cwmpThrottle", () => {
    it("throttles both CWMP routes, after they exist, leaving the stage default to the API", () => {
      // Prepare
      const routes = ["POST /", "POST /cwmp"].map((RouteKey) =>
        onlyResource(on, "AWS::ApiGatewayV2::Route", { RouteKey }),
      );
      const limit = { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 800 };

      // Assess
      on.hasResource("AWS::ApiGatewayV2::Stage", {
        Properties: Match.objectLike({
          DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 1000 }),
          RouteSettings: { "POST /": limit, "POST /cwmp": limit },
        }),
        DependsOn: Match.arrayWith(routes),
      });
    });

    it("sets no route settings by default", () => {
      off.hasResourceProperties("AWS::ApiGatewayV2::Stage", { RouteSettings: Match.absent() });
    });
  });

  describe("customDomain.disableExecuteApiEndpoint", () => {
    it("turns the execute-api endpoint off when a custom domain is set", () => {
      on.hasResourceProperties("AWS::ApiGatewayV2::Api", { DisableExecuteApiEndpoint: true });
    });

    it("keeps it without a custom domain (it is then the only way in)", () => {
      off.hasResourceProperties("AWS::ApiGatewayV2::Api", {
        DisableExecuteApiEndpoint: Match.absent(),
      });
    });

    it("keeps it when the stage asks to", () => {
      // Prepare
      const kept = buildAcsApp({
        stage: {
          ...fullStage,
          customDomain: { ...fullStage.customDomain, disableExecuteApiEndpoint: false },
        },
      });

      // Act
      const template = Template.fromStack(kept.acs);
      kept.dispose();

      // Assess
      template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
        DisableExecuteApiEndpoint: false,
      });
    });
  });

  describe("customerManagedKey", () => {
    it("creates one rotated, retained key that CloudWatch Logs of this region may use", () => {
      // Prepare
      const data = Template.fromStack(full.data);

      // Assess
      data.resourceCountIs("AWS::KMS::Key", 1);
      data.hasResource("AWS::KMS::Key", {
        DeletionPolicy: "Retain",
        Properties: Match.objectLike({
          EnableKeyRotation: true,
          KeyPolicy: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                Condition: {
                  ArnLike: { "kms:EncryptionContext:aws:logs:arn": Match.anyValue() },
                },
              }),
            ]),
          },
        }),
      });
    });

    it("encrypts the table and the sealing key with it", () => {
      // Prepare
      const data = Template.fromStack(full.data);
      const key = onlyResource(data, "AWS::KMS::Key", {});

      // Assess
      data.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
        SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
        Replicas: [
          Match.objectLike({
            SSESpecification: { KMSMasterKeyId: { "Fn::GetAtt": [key, "Arn"] } },
          }),
        ],
      });
      data.hasResourceProperties("AWS::SecretsManager::Secret", {
        KmsKeyId: { "Fn::GetAtt": [key, "Arn"] },
      });
    });

    it("encrypts every secret and every log group of the stateless stack with it", () => {
      // Act
      const secrets = Object.values(on.findResources("AWS::SecretsManager::Secret"));
      const logs = Object.values(on.findResources("AWS::Logs::LogGroup"));

      // Assess
      assert.ok(secrets.length >= 4 && logs.length >= 4, "the full stage has them all");
      for (const { Properties } of [...secrets, ...logs]) {
        assert.match(JSON.stringify(Properties.KmsKeyId), /ExportsOutputFnGetAttKey[^"]*Arn/);
      }
    });

    it("lets roles use the key only through DynamoDB, Secrets Manager or S3", () => {
      // Act
      const statements = Object.values(on.findResources("AWS::IAM::Policy")).flatMap(
        (policy) =>
          policy.Properties.PolicyDocument.Statement as { Action: unknown; Condition?: unknown }[],
      );
      const kms = statements.filter((statement) =>
        JSON.stringify(statement.Action).includes("kms:"),
      );

      // Assess
      assert.ok(kms.length > 0, "no kms statement found: the query is wrong");
      for (const statement of kms) {
        assert.match(
          JSON.stringify(statement.Condition),
          /"kms:ViaService":\{"Fn::Join":\["",\["(dynamodb|secretsmanager|s3)\./,
        );
      }
    });

    it("leaves AWS-managed keys and creates no key by default", () => {
      // Prepare
      const data = Template.fromStack(plain.data);

      // Assess
      data.resourceCountIs("AWS::KMS::Key", 0);
      // The AWS-managed key (aws/dynamodb): no key named per replica.
      data.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
        SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
        Replicas: [Match.objectLike({ SSESpecification: Match.absent() })],
      });
      for (const type of ["AWS::SecretsManager::Secret", "AWS::Logs::LogGroup"]) {
        for (const { Properties } of Object.values(off.findResources(type))) {
          assert.equal(Properties.KmsKeyId, undefined);
        }
      }
    });
  });

  describe("crUrlGuard", () => {
    it("passes the allowed ports and networks to the sender", () => {
      on.hasResourceProperties("AWS::ECS::TaskDefinition", {
        ContainerDefinitions: [
          Match.objectLike({
            Environment: Match.arrayWith([
              { Name: "ACS_CR_ALLOWED_PORTS", Value: "7547,30000-30010" },
              { Name: "ACS_CR_ALLOWED_NETWORKS", Value: "10.0.0.0/8,100.64.0.0/10" },
            ]),
          }),
        ],
      });
    });

    it("restricts nothing by default", () => {
      // Act
      const [task] = Object.values(off.findResources("AWS::ECS::TaskDefinition"));
      const environment = JSON.stringify(task?.Properties.ContainerDefinitions);

      // Assess
      assert.ok(environment.includes("ACS_QUEUE_URL"), "the query is wrong");
      assert.equal(environment.includes("ACS_CR_ALLOWED_"), false);
    });
  });
});
