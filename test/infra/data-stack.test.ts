import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { DataStack } from "../../lib/data-stack.ts";

describe("DataStack", () => {
  it("protects the table: retained, deletion-protected, point-in-time recovery, encrypted, on demand", () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });

    // Act
    const template = Template.fromStack(new DataStack(app, "Data"));

    // Assess
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        BillingMode: "PAY_PER_REQUEST",
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
        Replicas: [
          {
            Region: { Ref: "AWS::Region" },
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          },
        ],
      },
    });
  });

  it("adds gsi2 for the task listing and the fleet summary and leaves gsi1's projection as first deployed", () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });

    // Act
    const stack = new DataStack(app, "Data");
    const template = Template.fromStack(stack);

    // Assess
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "gsi2pk", AttributeType: "S" },
        { AttributeName: "gsi2sk", AttributeType: "S" },
      ]),
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: "gsi2",
          KeySchema: [
            { AttributeName: "gsi2pk", KeyType: "HASH" },
            { AttributeName: "gsi2sk", KeyType: "RANGE" },
          ],
          Projection: {
            ProjectionType: "INCLUDE",
            NonKeyAttributes: [
              "status",
              "deviceId",
              "productClass",
              "softwareVersion",
              "connectionRequestUrl",
              "connReqJabberId",
              "lastSeenHour",
            ],
          },
        },
      ]),
    });
    // An existing index's projection cannot change in an update: gsi1 stays as first deployed.
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: "gsi1",
          Projection: {
            ProjectionType: "INCLUDE",
            NonKeyAttributes: ["manufacturer", "oui", "productClass", "serialNumber", "tags"],
          },
        }),
      ]),
    });
    assert.ok(stack.indexNames.includes("gsi2"), "Query grants cover gsi2");
  });

  describe("files bucket", () => {
    it("is retained, versioned, SSE-S3 encrypted and closed to the public, old versions kept 30 days", () => {
      // Prepare
      const app = new App({ builtinCloudFormationValidation: false });

      // Act
      const template = Template.fromStack(new DataStack(app, "Data"));

      // Assess
      // The files bucket and the bulk data bucket (its own test below).
      template.resourceCountIs("AWS::S3::Bucket", 2);
      template.hasResource("AWS::S3::Bucket", {
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          VersioningConfiguration: { Status: "Enabled" },
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
          OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
          LifecycleConfiguration: {
            Rules: [
              Match.objectLike({
                Status: "Enabled",
                NoncurrentVersionExpiration: { NoncurrentDays: 30 },
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
                ExpiredObjectDeleteMarker: true,
              }),
            ],
          },
          CorsConfiguration: Match.absent(),
        },
      });
    });

    it("exports its name and ARN under names derived from the stack name", () => {
      // Prepare
      const app = new App({ builtinCloudFormationValidation: false });

      // Act
      const stack = new DataStack(app, "Acs-prod-Data");
      const template = Template.fromStack(stack);

      // Assess
      const bucket = stack.getLogicalId(stack.filesBucket.node.defaultChild as never);
      template.hasOutput("FilesBucketName", {
        Value: { Ref: bucket },
        Export: { Name: "Acs-prod-Data:FilesBucketName" },
      });
      template.hasOutput("FilesBucketArn", {
        Value: { "Fn::GetAtt": [bucket, "Arn"] },
        Export: { Name: "Acs-prod-Data:FilesBucketArn" },
      });
    });

    it("refuses every request without TLS", () => {
      // Prepare
      const app = new App({ builtinCloudFormationValidation: false });

      // Act
      const template = Template.fromStack(new DataStack(app, "Data"));

      // Assess
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "s3:*",
              Principal: { AWS: "*" },
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    });

    it("uses the customer-managed key, with a bucket key, and the stage's noncurrent period", () => {
      // Prepare
      const app = new App({ builtinCloudFormationValidation: false });

      // Act
      const stack = new DataStack(app, "Data", {
        env: { region: "eu-west-1" },
        customerManagedKey: true,
        filesNoncurrentVersionDays: 14,
      });
      const template = Template.fromStack(stack);

      // Assess
      const keyId = stack.getLogicalId(stack.encryptionKey?.node.defaultChild as never);
      template.hasResourceProperties("AWS::S3::Bucket", {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: "aws:kms",
                KMSMasterKeyID: { "Fn::GetAtt": [keyId, "Arn"] },
              },
              BucketKeyEnabled: true,
            },
          ],
        },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 14 } })],
        },
      });
    });
  });

  describe("bulk data bucket", () => {
    it("is retained, encrypted, private, TLS-only, and expires raw reports only", () => {
      // Prepare
      const app = new App({ builtinCloudFormationValidation: false });

      // Act
      const template = Template.fromStack(new DataStack(app, "Data"));

      // Assess
      const buckets = template.findResources("AWS::S3::Bucket", {
        Properties: {
          LifecycleConfiguration: {
            Rules: Match.arrayWith([
              Match.objectLike({ Prefix: "raw/", ExpirationInDays: 400, Status: "Enabled" }),
            ]),
          },
        },
      });
      const [id, bucket] = Object.entries(buckets)[0] ?? assert.fail("no bulk data bucket");
      assert.equal(Object.keys(buckets).length, 1);
      assert.equal(bucket.DeletionPolicy, "Retain");
      assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      assert.deepEqual(bucket.Properties.BucketEncryption, {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
        ],
      });
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
      template.hasOutput("BulkDataBucketArn", { Export: { Name: "Data:BulkDataBucketArn" } });
    });
  });
});
