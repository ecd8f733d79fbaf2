import { Aws } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { type IPrincipal, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { DynamoOperation } from "../../functions/adapters/dynamodb/dynamo-caller.ts";

/**
 * Something running our code: a Lambda function, or a Fargate container with
 * its task role. Every helper below grants an access and sets the variable
 * the runtime reads for it, together, so neither can be forgotten.
 */
export interface AcsConsumer {
  readonly grantPrincipal: IPrincipal;
  addEnvironment(key: string, value: string): void;
}

/**
 * DynamoDB data-plane actions the runtime uses: the operations its one DynamoDB caller sends
 * (functions/adapters/dynamodb/dynamo-caller.ts), so a new one cannot go ungranted unnoticed.
 */
export type TableAction = DynamoOperation;

/** Every data-plane action the session and API code paths use (both Lambdas need them all). */
export const tableReadWriteActions: readonly TableAction[] = [
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "BatchGetItem",
  "BatchWriteItem",
];

export interface TableAccess {
  readonly table: ITableV2;
  /** Indexes the consumer may Query (only Query is meaningful on an index). */
  readonly indexNames: readonly string[];
  readonly actions: readonly TableAction[];
}

/** `ACS_TABLE_NAME`, and exactly `actions` on the table (Query also on its indexes). */
export function useTable(consumer: AcsConsumer, access: TableAccess): void {
  const { table, indexNames, actions } = access;
  consumer.addEnvironment("ACS_TABLE_NAME", table.tableName);
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: actions.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn],
    }),
  );
  if (table.encryptionKey) {
    // A customer-managed table key: DynamoDB uses it on the caller's behalf.
    const kmsActions = ["kms:Decrypt", "kms:DescribeKey"];
    if (
      actions.some(
        (action) => action !== "GetItem" && action !== "Query" && action !== "BatchGetItem",
      )
    ) {
      kmsActions.push("kms:Encrypt", "kms:GenerateDataKey");
    }
    useKeyVia(consumer, table.encryptionKey.keyArn, "dynamodb", kmsActions);
  }
  if (actions.includes("Query") && indexNames.length > 0) {
    consumer.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        // Named indexes, not `index/*`: a new index needs a deliberate grant.
        resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }
}

/** `envName` = the queue's URL, and sqs:SendMessage on it. */
export function useQueueForSending(consumer: AcsConsumer, queue: IQueue, envName: string): void {
  consumer.addEnvironment(envName, queue.queueUrl);
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] }),
  );
}

/** `ACS_QUEUE_URL`, and receive / delete / change visibility on that queue only. */
export function useQueueForConsuming(consumer: AcsConsumer, queue: IQueue): void {
  consumer.addEnvironment("ACS_QUEUE_URL", queue.queueUrl);
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
      resources: [queue.queueArn],
    }),
  );
}

/** `ACS_EVENT_BUS_NAME`, and events:PutEvents on that bus only. */
export function useEventBus(consumer: AcsConsumer, bus: IEventBus): void {
  consumer.addEnvironment("ACS_EVENT_BUS_NAME", bus.eventBusName);
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ["events:PutEvents"], resources: [bus.eventBusArn] }),
  );
}

/**
 * `envName` = the secret's ARN, and secretsmanager:GetSecretValue on it. For
 * Lambda, which has no native secret injection: the runtime fetches the value
 * once per cold start. (Fargate containers get secrets through `ecs.Secret`.)
 */
export function useSecretArn(consumer: AcsConsumer, secret: ISecret, envName: string): void {
  consumer.addEnvironment(envName, secret.secretArn);
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ["secretsmanager:GetSecretValue"],
      resources: [secret.secretArn],
    }),
  );
  if (secret.encryptionKey) {
    useKeyVia(consumer, secret.encryptionKey.keyArn, "secretsmanager", ["kms:Decrypt"]);
  }
}

/**
 * `actions` on a customer-managed key, only through `service` (kms:ViaService): the
 * consumer can read what the service stores with it, not decrypt arbitrary ciphertext.
 * A statement on the consumer, never on the key's policy, so the data stack that owns the
 * key never references the stateless stack.
 */
export function useKeyVia(
  consumer: AcsConsumer,
  keyArn: string,
  service: "dynamodb" | "secretsmanager" | "s3",
  actions: readonly string[],
): void {
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [keyArn],
      conditions: { StringEquals: { "kms:ViaService": `${service}.${Aws.REGION}.amazonaws.com` } },
    }),
  );
}
