import { RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from "aws-cdk-lib/aws-dynamodb";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { gsi1Projection } from "../functions/adapters/dynamodb/table-definition.ts";

const gsi1IndexName = "gsi1";

/**
 * Stateful resources, in their own stack so the stateless one can be torn
 * down and redeployed freely. The single table's access patterns are in
 * functions/README.md.
 */
export class DataStack extends Stack {
  /** The ACS table (devices, parameters, sessions, tasks). */
  public readonly table: TableV2;
  /** Its global secondary indexes, for Query grants scoped to each index ARN. */
  public readonly indexNames: readonly string[] = [gsi1IndexName];

  /**
   * The key sealing per-device CR and XMPP passwords stored in the table
   *. Stateful like the table: without it those values are lost.
   */
  public readonly secretsKey: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.secretsKey = new Secret(this, "SecretsKey", {
      description:
        "Key (passphrase, SHA-256 stretched) sealing per-device secrets in the ACS table",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secretsKey).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Sealed per-device passwords in the table can only be opened with this key; an automatic rotation would make every one unreadable. Rotation means re-provisioning CR credentials (a planned campaign), so it is not a rotation Lambda.",
    });
    this.table = new TableV2(this, "AcsTable", {
      partitionKey: { name: "pk", type: AttributeType.STRING },
      sortKey: { name: "sk", type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryptionV2.awsManagedKey(),
      // Expiry is checked in conditions; TTL only cleans up (DynamoDB deletes lazily).
      timeToLiveAttribute: "ttl",
      globalSecondaryIndexes: [
        {
          indexName: gsi1IndexName,
          partitionKey: { name: "gsi1pk", type: AttributeType.STRING },
          sortKey: { name: "gsi1sk", type: AttributeType.STRING },
          // Rarely-changing attributes only, so session writes never touch the index.
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...gsi1Projection],
        },
      ],
    });
  }
}
