import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { gsi1Projection, gsi2Projection } from "../functions/adapters/dynamodb/table-definition.ts";
import { BulkDataBucket } from "./constructs/bulk-data-bucket.ts";
import { ConsoleUsers, type ConsoleUsersProps } from "./constructs/console-users.ts";
import { consoleUploadCors } from "./constructs/file-store.ts";
import { privateBucketProps } from "./constructs/private-bucket-props.ts";
import type { TableWarmThroughputStageConfig } from "./stage-options.ts";

const gsi1IndexName = "gsi1";
const gsi2IndexName = "gsi2";

/**
 * The id of the key the sealing key ring is created with. Fixed, not taken from the stage's
 * current key id: the ring's generated value must never depend on a setting that changes at
 * each rotation (a changed GenerateSecretString would replace the keys and lose sealed data).
 */
export const firstRingKeyId = "k1";

/**
 * Export names of the files bucket's name and ARN. Chosen, not generated: the stateless
 * stack's cdk-nag acknowledgements of its `files/*` grants name the ARN's export, and must
 * be written before synthesis generates any name.
 */
export function filesBucketExportNames(dataStackName: string) {
  return {
    bucketName: `${dataStackName}:FilesBucketName`,
    bucketArn: `${dataStackName}:FilesBucketArn`,
  } as const;
}

export interface DataStackProps extends StackProps {
  /** Encrypt the table, the secrets and the log groups with one customer-managed key. */
  readonly customerManagedKey?: boolean;
  /** Create the sealing key ring (the `sealingKeyRing` stage option). @default false */
  readonly sealingKeyRing?: boolean;
  /** Days an overwritten or deleted file's old version is kept (`files.noncurrentVersionDays`). @default 30 */
  readonly filesNoncurrentVersionDays?: number;
  /** The `tableWarmThroughput` stage option. @default - DynamoDB's own warm throughput */
  readonly warmThroughput?: TableWarmThroughputStageConfig;
  /** With the `console` stage option enabled: the console's user pool. @default - no console */
  readonly consoleUsers?: ConsoleUsersProps;
}

/**
 * Stateful resources, in their own stack so the stateless one can be torn
 * down and redeployed freely. The single table's access patterns are in
 * functions/README.md.
 */
export class DataStack extends Stack {
  /** The ACS table (devices, parameters, sessions, tasks). */
  public readonly table: TableV2;
  /** Its global secondary indexes, for Query grants scoped to each index ARN. */
  public readonly indexNames: readonly string[] = [gsi1IndexName, gsi2IndexName];

  /**
   * The first sealing key (id "legacy") of per-device passwords and secret task values in the
   * table. Stateful like the table: without it those values are lost.
   */
  public readonly secretsKey: Secret;
  /**
   * With `sealingKeyRing`: further sealing keys, JSON `{"<id>": "<key>"}`, created with one
   * generated key (`firstRingKeyId`); keys are added and removed with put-secret-value
   * (functions/config/secrets-key.ts and README.md give the rotation steps). Retained like the key.
   */
  public readonly secretsKeys?: Secret;
  /** With `customerManagedKey`: the key of the table, every secret, every log group and the files. */
  public readonly encryptionKey?: Key;
  /**
   * Firmware images, configuration files and device uploads, handed to CPEs and operators by
   * presigned URL (lib/constructs/file-store.ts gives the key layout). Retained like the table.
   */
  public readonly filesBucket: Bucket;
  /** Bulk data reports (TR-232) and the key devices' collector passwords derive from. */
  public readonly bulkData: BulkDataBucket;
  /** With `consoleUsers`: the operator console's Cognito user pool, groups and hosted UI. */
  public readonly consoleUsers?: ConsoleUsers;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    this.encryptionKey = props.customerManagedKey ? this.createKey() : undefined;
    this.secretsKey = new Secret(this, "SecretsKey", {
      encryptionKey: this.encryptionKey,
      description:
        "Key (passphrase, SHA-256 stretched) sealing per-device secrets in the ACS table",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secretsKey).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Sealed values in the table name the key that sealed them, so a rotation Lambda replacing this value in place would make them unreadable. Rotation is by key ring instead (the sealingKeyRing stage option): a new key is added and made current, values are sealed again under it in each device's next session, and this key stays readable until nothing is sealed under it.",
    });
    if (props.sealingKeyRing) this.secretsKeys = this.createKeyRing();
    this.table = new TableV2(this, "AcsTable", {
      partitionKey: { name: "pk", type: AttributeType.STRING },
      sortKey: { name: "sk", type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: this.encryptionKey
        ? TableEncryptionV2.customerManagedKey(this.encryptionKey)
        : TableEncryptionV2.awsManagedKey(),
      // Expiry is checked in conditions; TTL only cleans up (DynamoDB deletes lazily).
      timeToLiveAttribute: "ttl",
      ...(props.warmThroughput && { warmThroughput: props.warmThroughput }),
      globalSecondaryIndexes: [
        {
          indexName: gsi1IndexName,
          partitionKey: { name: "gsi1pk", type: AttributeType.STRING },
          sortKey: { name: "gsi1sk", type: AttributeType.STRING },
          // Rarely-changing attributes only, so session writes never touch the index.
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...gsi1Projection],
        },
        {
          // Task items only: the fleet-wide recent-task listing (item-layout.ts).
          indexName: gsi2IndexName,
          partitionKey: { name: "gsi2pk", type: AttributeType.STRING },
          sortKey: { name: "gsi2sk", type: AttributeType.STRING },
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...gsi2Projection],
        },
      ],
    });
    this.filesBucket = this.createFilesBucket(
      props.filesNoncurrentVersionDays ?? 30,
      props.consoleUsers !== undefined,
    );
    this.bulkData = new BulkDataBucket(this, "BulkData", {
      ...(this.encryptionKey && { encryptionKey: this.encryptionKey }),
    });
    if (props.consoleUsers) {
      this.consoleUsers = new ConsoleUsers(this, "ConsoleUsers", props.consoleUsers);
    }
    const exportNames = filesBucketExportNames(this.stackName);
    new CfnOutput(this, "FilesBucketName", {
      value: this.filesBucket.bucketName,
      exportName: exportNames.bucketName,
      description: "Firmware images, configuration files and device uploads",
    });
    new CfnOutput(this, "FilesBucketArn", {
      value: this.filesBucket.bucketArn,
      exportName: exportNames.bucketArn,
    });
  }

  /**
   * Versioned, so an overwritten or deleted firmware image can be restored for the noncurrent
   * period. CORS only with the console: otherwise presigned PUTs come from the CLI and scripts.
   */
  private createFilesBucket(noncurrentVersionDays: number, console: boolean): Bucket {
    const bucket = new Bucket(this, "Files", {
      versioned: true,
      ...(console && { cors: [consoleUploadCors] }),
      ...privateBucketProps(this.encryptionKey),
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
      ],
    });
    Validations.of(bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Objects are reached only through short-lived URLs the ACS presigns for one task or one operator request, and CPEs report each transfer's outcome in TransferComplete; where every request must be audited, CloudTrail S3 data events record them without a second bucket to secure and retain.",
    });
    return bucket;
  }

  private createKeyRing(): Secret {
    const ring = new Secret(this, "SecretsKeys", {
      encryptionKey: this.encryptionKey,
      description:
        'Sealing key ring of the ACS table, JSON {"<key id>": "<key>"}; the current id is a stage setting',
      generateSecretString: {
        secretStringTemplate: "{}",
        generateStringKey: firstRingKeyId,
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(ring).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "This secret is the rotation: keys are added to it and made current by a stage setting, values are sealed again under the current key in each device's next session, and an old key is removed only once nothing is sealed under it; a rotation Lambda replacing the value would lose the old keys.",
    });
    return ring;
  }

  /**
   * One key rather than one per resource: one policy to review, one key to audit, and the
   * stateless stack only ever decrypts with it. Here, with the table, because data sealed
   * with it outlives every redeploy (retained, like the table; deleting it loses the data).
   * Rotation is automatic and keeps old key material, so nothing has to be re-encrypted.
   */
  private createKey(): Key {
    const key = new Key(this, "Key", {
      description: "ACS: table, secrets and log groups",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts with the key itself, not as a caller's IAM principal, so the
    // key policy must name it; scoped to this account's log groups in this region.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        resources: ["*"],
        conditions: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    return key;
  }
}
