import { describe, it } from "node:test";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
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
});
