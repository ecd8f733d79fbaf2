import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { type AcsTestApp, buildAcsApp } from "./build-acs-app.ts";
import {
  functionBehindRoute,
  type Grant,
  grantsOfRole,
  onlyResource,
  roleOfFunction,
  statementsOfRole,
} from "./template-queries.ts";

const table = /"Fn::ImportValue":"Data:ExportsOutputFnGetAttAcsTable[^"]*Arn/;
const tableIndex = /AcsTable[^"]*Arn[^\]]*"\/index\/gsi1"/;
/** The data stack's first sealing key and its key ring (the full stage has the ring). */
const sealingKey = /"Fn::ImportValue":"Data:ExportsOutputRefSecretsKey[0-9A-F]{8}/;
const sealingKeyRing = /"Fn::ImportValue":"Data:ExportsOutputRefSecretsKeys[0-9A-F]{8}/;

/** The data stack's files bucket, and objects under one of its key prefixes. */
const filesBucket = /^\{"Fn::ImportValue":"Data:FilesBucketArn"\}$/;
const filesUnder = (prefix: string) =>
  new RegExp(`\\{"Fn::ImportValue":"Data:FilesBucketArn"\\},"/${prefix}/\\*"\\]\\]\\}$`);

/** The data stack's bulk data bucket, and objects under one of its key prefixes. */
const bulkDataBucket = /^\{"Fn::ImportValue":"Data:BulkDataBucketArn"\}$/;
const bulkDataUnder = (prefix: string) =>
  new RegExp(`\\{"Fn::ImportValue":"Data:BulkDataBucketArn"\\},"/${prefix}/\\*"\\]\\]\\}$`);

/** Each actual grant is expected, and each expectation is granted: nothing more, nothing less. */
function assertGrantsExactly(actual: Grant[], expected: Record<string, RegExp[]>): void {
  for (const grant of actual) {
    const allowed = expected[grant.action] ?? [];
    assert.ok(
      allowed.some((pattern) => pattern.test(grant.resource)),
      `unexpected grant ${grant.action} on ${grant.resource}`,
    );
  }
  for (const [action, patterns] of Object.entries(expected)) {
    for (const pattern of patterns) {
      assert.ok(
        actual.some((grant) => grant.action === action && pattern.test(grant.resource)),
        `missing grant ${action} on ${pattern}`,
      );
    }
  }
}

const tableReadWrite = Object.fromEntries(
  ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem", "BatchWriteItem"].map(
    (action) => [`dynamodb:${action}`, [table]],
  ),
);

/** The data stack's customer-managed key (the full stage turns it on). */
const dataKey = /"Fn::ImportValue":"Data:ExportsOutputFnGetAttKey[^"]*Arn/;
/** What DynamoDB needs of a table's customer-managed key to read and write for the caller. */
const tableKeyReadWrite = Object.fromEntries(
  ["Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey"].map((action) => [
    `kms:${action}`,
    [dataKey],
  ]),
);

describe("AcsStack", () => {
  let built: AcsTestApp;
  let template: Template;

  before(() => {
    built = buildAcsApp();
    template = Template.fromStack(built.acs);
  });

  after(() => built.dispose());

  describe("HTTP API routes", () => {
    it("sends POST / and POST /cwmp to the CWMP function without an API Gateway authorizer", () => {
      // Act
      const targets = ["POST /", "POST /cwmp"].map((key) => functionBehindRoute(template, key));

      // Assess
      const cwmp = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("CWMP"),
      });
      assert.deepEqual(targets, [cwmp, cwmp]);
      for (const RouteKey of ["POST /", "POST /cwmp"]) {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
          RouteKey,
          AuthorizationType: "NONE",
        });
      }
    });

    it("sends POST and PUT /bulk-data to the collector, unauthorized at the gateway, writing to the bulk data bucket", () => {
      // Act
      const targets = ["POST /bulk-data", "PUT /bulk-data"].map((key) =>
        functionBehindRoute(template, key),
      );

      // Assess: CPEs authenticate with Basic, checked by the function (TR-369 R-BULK.6)
      const collector = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("bulk data collector"),
      });
      assert.deepEqual(targets, [collector, collector]);
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: "POST /bulk-data",
        AuthorizationType: "NONE",
      });
      template.hasResourceProperties("AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("bulk data collector"),
        Environment: {
          Variables: Match.objectLike({
            ACS_BULK_DATA_BUCKET: { "Fn::ImportValue": "Data:BulkDataBucketName" },
            ACS_BULK_DATA_KEY_ARN: Match.anyValue(),
          }),
        },
      });
    });

    it("points the CWMP function's built-in bulk data profile at the collector, with the key it may read", () => {
      // Act
      const cwmp = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("CWMP"),
      });
      const variables = template.toJSON().Resources[cwmp].Properties.Environment.Variables;

      // Assess
      assert.equal(
        variables.ACS_BULK_DATA_PARAMETERS,
        "Device.DeviceInfo.UpTime,Device.WiFi.Radio.*.Stats.",
      );
      assert.equal(variables.ACS_BULK_DATA_INTERVAL_SECONDS, "3600");
      assert.equal(variables.ACS_BULK_DATA_FORMAT, "JSON:NameValuePair");
      assert.equal(variables.ACS_BULK_DATA_URL, "https://acs.example.net/bulk-data");
      const collector = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("bulk data collector"),
      });
      const collectorKey =
        template.toJSON().Resources[collector].Properties.Environment.Variables
          .ACS_BULK_DATA_KEY_ARN;
      assert.deepEqual(variables.ACS_BULK_DATA_KEY_ARN, collectorKey, "the collector's key");
      template.hasResourceProperties("AWS::IAM::Policy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: "secretsmanager:GetSecretValue", Resource: collectorKey }),
          ]),
        },
        Roles: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp("CwmpHandler") })]),
      });
    });

    it("sends ANY /api/{proxy+} to the provisioning function behind IAM authorization", () => {
      // Act
      const target = functionBehindRoute(template, "ANY /api/{proxy+}");

      // Assess
      const api = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("provisioning API"),
      });
      assert.equal(target, api);
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: "ANY /api/{proxy+}",
        AuthorizationType: "AWS_IAM",
      });
    });
  });

  describe("provisioning API wait", () => {
    it("passes the provisioning function its own timeout, from which the longest wait follows", () => {
      // Act
      const functions = template.findResources("AWS::Lambda::Function", {
        Properties: { Description: Match.stringLikeRegexp("provisioning API") },
      }) as Record<string, { Properties: Record<string, unknown> }>;

      // Assess
      template.hasResourceProperties("AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("provisioning API"),
        Timeout: 10,
        Environment: { Variables: Match.objectLike({ ACS_API_TIMEOUT_SECONDS: "10" }) },
      });
      const [api] = Object.values(functions);
      if (!api) throw new Error("no provisioning function");
      const environment = api.Properties.Environment as { Variables: Record<string, string> };
      assert.equal(Number(environment.Variables.ACS_API_TIMEOUT_SECONDS), api.Properties.Timeout);
    });
  });

  describe("IAM", () => {
    it("lets the CWMP function use only its logs, the table, the bus, its secrets and the CR queue", () => {
      // Prepare
      const fn = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("CWMP"),
      });

      // Act
      const grants = grantsOfRole(template, roleOfFunction(template, fn));

      // Assess
      assertGrantsExactly(grants, {
        "logs:CreateLogStream": [/CwmpHandlerLogs/],
        "logs:PutLogEvents": [/CwmpHandlerLogs/],
        ...tableReadWrite,
        "dynamodb:Query": [table, tableIndex],
        ...tableKeyReadWrite,
        "events:PutEvents": [/EventsBus/],
        "secretsmanager:GetSecretValue": [
          /CwmpNonceSecret/,
          /CwmpCpeCredentials/,
          sealingKey,
          sealingKeyRing,
          // The built-in bulk data profile derives each device's collector password from it.
          /BulkDataKey/,
        ],
        // XMPP account requests of the built-in XMPP profile go to the sender.
        "sqs:SendMessage": [/EventsConnectionRequests/],
        // Presigns Download URLs of operators' files and Upload URLs for CPEs' uploads, and
        // reads an upload's size and SHA-256 when its TransferComplete comes (listing uploads:
        // a missing one is then a 404).
        "s3:GetObject": [filesUnder("files"), filesUnder("uploads")],
        "s3:PutObject": [filesUnder("uploads")],
        "s3:ListBucket": [filesBucket],
      });
    });

    it("lets the provisioning function use only its logs, the table, the CR queue, the bus and its secrets", () => {
      // Prepare
      const fn = onlyResource(template, "AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("provisioning API"),
      });

      // Act
      const grants = grantsOfRole(template, roleOfFunction(template, fn));

      // Assess
      assertGrantsExactly(grants, {
        "logs:CreateLogStream": [/ProvisioningHandlerLogs/],
        "logs:PutLogEvents": [/ProvisioningHandlerLogs/],
        ...tableReadWrite,
        "dynamodb:Query": [table, tableIndex],
        ...tableKeyReadWrite,
        "sqs:SendMessage": [/EventsConnectionRequests/],
        "events:PutEvents": [/EventsBus/],
        // The sealing keys (secret task values), and the shared CPE username (refused at PUT).
        "secretsmanager:GetSecretValue": [/CwmpCpeCredentials/, sealingKey, sealingKeyRing],
        // Presigns operators' uploads and downloads, deletes files and CPEs' uploads; reads
        // devices' latest bulk data reports (listing: a device without one is a 404).
        "s3:PutObject": [filesUnder("files")],
        "s3:GetObject": [filesUnder("files"), filesUnder("uploads"), bulkDataUnder("latest")],
        "s3:DeleteObject": [filesUnder("files"), filesUnder("uploads")],
        "s3:ListBucket": [filesBucket, bulkDataBucket],
        "kms:Decrypt": [dataKey],
      });
    });

    it("lets the bulk data collector only put reports under raw/ and latest/ and read its key", () => {
      // Prepare
      const fn = functionBehindRoute(template, "POST /bulk-data");

      // Act
      const grants = grantsOfRole(template, roleOfFunction(template, fn));

      // Assess: no table, no read, no list, no delete
      assertGrantsExactly(grants, {
        "logs:CreateLogStream": [/BulkDataHandlerLogs/],
        "logs:PutLogEvents": [/BulkDataHandlerLogs/],
        "s3:PutObject": [bulkDataUnder("raw"), bulkDataUnder("latest")],
        "secretsmanager:GetSecretValue": [/BulkDataKey/],
        // The customer-managed key: new objects' data keys, and the secret's value.
        "kms:GenerateDataKey": [dataKey],
        "kms:Decrypt": [dataKey],
      });
    });

    it("lets the sender's task role consume and feed the CR queue, dead-letter, and run campaigns only", () => {
      // Prepare
      const taskDefinitions = template.findResources("AWS::ECS::TaskDefinition");
      const [taskDefinition] = Object.values(taskDefinitions);
      const roleId = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(
        JSON.stringify(taskDefinition?.Properties.TaskRoleArn),
      )?.[1];

      // Act
      const grants = grantsOfRole(template, roleId ?? assert.fail("no task role"));

      // Assess
      assertGrantsExactly(grants, {
        "sqs:ReceiveMessage": [/EventsConnectionRequests/],
        "sqs:DeleteMessage": [/EventsConnectionRequests/],
        "sqs:ChangeMessageVisibility": [/EventsConnectionRequests/],
        "sqs:SendMessage": [/EventsConnectionRequests/, /EventsDeadLetters/],
        "dynamodb:GetItem": [table],
        "dynamodb:PutItem": [table],
        "dynamodb:UpdateItem": [table],
        "dynamodb:DeleteItem": [table],
        "dynamodb:BatchGetItem": [table],
        "dynamodb:Query": [table, tableIndex],
        ...tableKeyReadWrite,
        "events:PutEvents": [/EventsBus/],
      });
    });
  });

  describe("file store", () => {
    const roleOf = (stack: Template, description: string) =>
      roleOfFunction(
        stack,
        onlyResource(stack, "AWS::Lambda::Function", {
          Description: Match.stringLikeRegexp(description),
        }),
      );
    /** The statements of a role that use a key only through S3. */
    const s3KeyStatements = (stack: Template, description: string) =>
      statementsOfRole(stack, roleOf(stack, description)).filter((statement) =>
        JSON.stringify(statement.Condition?.StringEquals?.["kms:ViaService"] ?? "").includes(
          '"s3."',
        ),
      );

    it("tells the API and CWMP functions the bucket, its prefixes and the stage's URL lifetime", () => {
      for (const description of ["CWMP", "provisioning API"]) {
        template.hasResourceProperties("AWS::Lambda::Function", {
          Description: Match.stringLikeRegexp(description),
          Environment: {
            Variables: Match.objectLike({
              ACS_FILES_BUCKET: { "Fn::ImportValue": "Data:FilesBucketName" },
              ACS_FILES_PREFIX: "files/",
              ACS_UPLOADS_PREFIX: "uploads/",
              ACS_FILES_URL_LIFETIME_SECONDS: "900",
            }),
          },
        });
      }
    });

    for (const description of ["provisioning API", "CWMP"]) {
      it(`lets the ${description} function list the bucket, without a prefix condition (HeadObject's 404)`, () => {
        // Act
        // (the provisioning function also lists the bulk data bucket: its own test above)
        const listing = statementsOfRole(template, roleOf(template, description)).filter(
          (statement) =>
            statement.Action === "s3:ListBucket" &&
            !JSON.stringify(statement.Resource).includes("BulkDataBucketArn"),
        );

        // Assess
        assert.equal(listing.length, 1);
        assert.match(JSON.stringify(listing[0]?.Resource), filesBucket);
        assert.equal(listing[0]?.Condition, undefined);
      });
    }

    it("lets both functions use the customer-managed key for files only through S3", () => {
      for (const [description, expected] of [
        ["CWMP", [["kms:Decrypt", "kms:GenerateDataKey"]]],
        // The API also reads latest bulk data reports: decrypt only.
        ["provisioning API", [["kms:Decrypt", "kms:GenerateDataKey"], "kms:Decrypt"]],
      ] as const) {
        // Act
        const statements = s3KeyStatements(template, description);

        // Assess
        assert.deepEqual(
          statements.map((statement) => statement.Action),
          expected,
          `${description}: its S3 key statements`,
        );
        for (const statement of statements) {
          assert.match(JSON.stringify(statement.Resource), dataKey);
        }
      }
    });

    it("needs no key grant and uses the default URL lifetime on the default stage", () => {
      // Prepare
      const plain = buildAcsApp({ stage: {} });

      // Act
      const stack = Template.fromStack(plain.acs);
      plain.dispose();

      // Assess
      for (const description of ["CWMP", "provisioning API"]) {
        assert.deepEqual(s3KeyStatements(stack, description), []);
        stack.hasResourceProperties("AWS::Lambda::Function", {
          Description: Match.stringLikeRegexp(description),
          Environment: {
            Variables: Match.objectLike({ ACS_FILES_URL_LIFETIME_SECONDS: "3600" }),
          },
        });
      }
    });
  });

  describe("XMPP provisioning", () => {
    it("configures the CWMP function for the built-in XMPP profile", () => {
      template.hasResourceProperties("AWS::Lambda::Function", {
        Description: Match.stringLikeRegexp("CWMP"),
        Environment: {
          Variables: Match.objectLike({
            ACS_XMPP_JID: "acs@example.net",
            ACS_XMPP_CREATE_ACCOUNTS: "true",
            ACS_XMPP_CPE_USE_TLS: "true",
            ACS_QUEUE_URL: { Ref: Match.stringLikeRegexp("EventsConnectionRequests") },
            ACS_SECRETS_KEY_ARN: Match.objectLike({
              "Fn::ImportValue": Match.stringLikeRegexp("SecretsKey"),
            }),
          }),
        },
      });
    });

    it("gives the sender the sealing key through the task definition's secrets", () => {
      template.hasResourceProperties("AWS::ECS::TaskDefinition", {
        ContainerDefinitions: [
          Match.objectLike({
            Secrets: Match.arrayWith([
              Match.objectLike({
                Name: "ACS_SECRETS_KEY",
                ValueFrom: Match.objectLike({
                  "Fn::ImportValue": Match.stringLikeRegexp("SecretsKey"),
                }),
              }),
            ]),
          }),
        ],
      });
    });

    it("derives CPE account passwords from a generated key when the operator creates accounts", () => {
      const own = buildAcsApp({
        stage: {
          xmpp: {
            service: "xmpp://x.example.net:5222",
            jid: "a@x.example.net",
            createAccounts: false,
          },
        },
      });
      try {
        const stack = Template.fromStack(own.acs);
        const key = onlyResource(stack, "AWS::SecretsManager::Secret", {
          Description: Match.stringLikeRegexp("XMPP account passwords"),
        });
        stack.hasResourceProperties("AWS::Lambda::Function", {
          Description: Match.stringLikeRegexp("CWMP"),
          Environment: {
            Variables: Match.objectLike({
              ACS_XMPP_CREATE_ACCOUNTS: "false",
              ACS_XMPP_ACCOUNT_KEY_ARN: { Ref: key },
            }),
          },
        });
        stack.hasOutput("XmppAccountKeySecretArn", { Value: { Ref: key } });
      } finally {
        own.dispose();
      }
    });

    it("leaves the CWMP function without XMPP settings when the stage turns provisioning off", () => {
      const off = buildAcsApp({
        stage: {
          xmpp: {
            service: "xmpp://x.example.net:5222",
            jid: "a@x.example.net",
            provisionCpes: false,
          },
        },
      });
      try {
        const fns = Template.fromStack(off.acs).findResources("AWS::Lambda::Function", {
          Properties: { Description: Match.stringLikeRegexp("CWMP") },
        });
        const variables = JSON.stringify(Object.values(fns)[0]?.Properties.Environment);
        assert.equal(variables.includes("ACS_XMPP_JID"), false);
        assert.equal(variables.includes("ACS_QUEUE_URL"), false);
      } finally {
        off.dispose();
      }
    });
  });

  describe("connection-request routing", () => {
    it("moves a message to the dead-letter queue after 5 receives", () => {
      // Act
      const dlq = onlyResource(template, "AWS::SQS::Queue", {
        MessageRetentionPeriod: 14 * 24 * 3600,
      });

      // Assess
      template.hasResourceProperties("AWS::SQS::Queue", {
        RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] }, maxReceiveCount: 5 },
      });
    });

    it("routes ConnectionRequest events from the ACS bus to the queue, which lets only that rule send", () => {
      // Prepare
      const bus = onlyResource(template, "AWS::Events::EventBus", {});
      const queue = onlyResource(template, "AWS::SQS::Queue", {
        RedrivePolicy: Match.anyValue(),
      });

      // Act
      const rule = onlyResource(template, "AWS::Events::Rule", {
        EventBusName: { Ref: bus },
        EventPattern: { "detail-type": ["ConnectionRequest"] },
        Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [queue, "Arn"] } })],
      });

      // Assess
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(["sqs:SendMessage"]),
              Principal: { Service: "events.amazonaws.com" },
              Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": [rule, "Arn"] } } },
            }),
          ]),
        },
      });
    });

    it("counts refused and abandoned CWMP sessions, by reason, from the CWMP log lines", () => {
      // Assess
      template.hasResourceProperties("AWS::Logs::MetricFilter", {
        FilterPattern: '{ $.message = "session refused: device is in another session" }',
        MetricTransformations: [Match.objectLike({ MetricName: "SessionsRefusedBusy" })],
      });
      template.hasResourceProperties("AWS::Logs::MetricFilter", {
        FilterPattern: '{ $.message = "session abandoned" }',
        MetricTransformations: [
          Match.objectLike({
            MetricName: "SessionsAbandoned",
            Dimensions: [{ Key: "Reason", Value: "$.reason" }],
          }),
        ],
      });
      template.hasResourceProperties("AWS::Logs::MetricFilter", {
        MetricTransformations: [Match.objectLike({ MetricName: "TasksUnanswered" })],
      });
    });

    it("alarms on the first message in the dead-letter queue", () => {
      // Prepare
      const dlq = onlyResource(template, "AWS::SQS::Queue", {
        MessageRetentionPeriod: 14 * 24 * 3600,
      });

      // Assess
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlq, "QueueName"] } }],
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    });
  });

  describe("sender on Fargate", () => {
    it("gives the container the queue URLs as environment and the passwords as secrets", () => {
      // Prepare
      const queue = onlyResource(template, "AWS::SQS::Queue", { RedrivePolicy: Match.anyValue() });
      const xmppSecret = onlyResource(template, "AWS::SecretsManager::Secret", {
        Description: Match.stringLikeRegexp("XMPP account"),
      });

      // Assess
      template.hasResourceProperties("AWS::ECS::TaskDefinition", {
        ContainerDefinitions: [
          Match.objectLike({
            Environment: Match.arrayWith([{ Name: "ACS_QUEUE_URL", Value: { Ref: queue } }]),
            Secrets: Match.arrayWith([
              { Name: "ACS_XMPP_PASSWORD", ValueFrom: { Ref: xmppSecret } },
              Match.objectLike({ Name: "ACS_CR_PASSWORD" }),
            ]),
          }),
        ],
      });
    });

    it("tells the campaign runner the table it reads files and progress from and the bus it publishes to", () => {
      // Prepare
      const bus = onlyResource(template, "AWS::Events::EventBus", {});

      // Assess: the grants that go with them are in "IAM" above (GetItem, Query, UpdateItem, PutEvents).
      template.hasResourceProperties("AWS::ECS::TaskDefinition", {
        ContainerDefinitions: [
          Match.objectLike({
            Environment: Match.arrayWith([
              { Name: "ACS_EVENT_BUS_NAME", Value: { Ref: bus } },
              {
                Name: "ACS_TABLE_NAME",
                Value: {
                  "Fn::ImportValue": Match.stringLikeRegexp("^Data:ExportsOutputRefAcsTable"),
                },
              },
            ]),
          }),
        ],
      });
    });

    it("keeps at least one task running, also during deployments", () => {
      // Assess
      template.hasResourceProperties("AWS::ECS::Service", {
        DesiredCount: 1,
        DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 100 }),
      });
      template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
        MinCapacity: 1,
        ScalableDimension: "ecs:service:DesiredCount",
      });
    });

    it("scales out on the queue's visible messages", () => {
      // Prepare
      const queue = onlyResource(template, "AWS::SQS::Queue", { RedrivePolicy: Match.anyValue() });

      // Assess
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [{ Ref: Match.stringLikeRegexp("QueueDepthUpperPolicy") }],
      });
    });
  });
});
