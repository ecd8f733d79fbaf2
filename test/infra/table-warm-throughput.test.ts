import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { parseStageConfig } from "../../lib/config.ts";
import { DataStack } from "../../lib/data-stack.ts";

describe("tableWarmThroughput", () => {
  it("pre-warms the table to the units the stage asks for", () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });
    const config = parseStageConfig("prod", {
      tableWarmThroughput: { writeUnitsPerSecond: 10_000 },
    });

    // Act
    const template = Template.fromStack(
      new DataStack(app, "Data", { warmThroughput: config.tableWarmThroughput }),
    );

    // Assess
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      WarmThroughput: { WriteUnitsPerSecond: 10_000 },
    });
  });

  it("leaves DynamoDB's own warm throughput without the option", () => {
    const app = new App({ builtinCloudFormationValidation: false });

    const template = Template.fromStack(new DataStack(app, "Data"));

    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      WarmThroughput: Match.absent(),
    });
    assert.equal(parseStageConfig("dev", {}).tableWarmThroughput, undefined);
  });

  it("refuses values below a new on-demand table's own, and an empty object", () => {
    assert.throws(() =>
      parseStageConfig("prod", { tableWarmThroughput: { writeUnitsPerSecond: 1000 } }),
    );
    assert.throws(() =>
      parseStageConfig("prod", { tableWarmThroughput: { readUnitsPerSecond: 5000 } }),
    );
    assert.throws(() => parseStageConfig("prod", { tableWarmThroughput: {} }));
  });
});
