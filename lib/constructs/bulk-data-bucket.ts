import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { privateBucketProps } from "./private-bucket-props.ts";

/**
 * Key prefixes of the bulk data bucket (functions/core/bulk-data/bulk-report-keys.ts writes
 * them): raw reports by day and device, and one parsed latest report per device.
 */
export const bulkDataPrefixes = { raw: "raw/", latest: "latest/" } as const;

/**
 * Export names of the bucket's name and ARN. Chosen, not generated: the stateless stack's
 * cdk-nag acknowledgements of its prefix grants name the ARN's export.
 */
export function bulkDataBucketExportNames(dataStackName: string) {
  return {
    bucketName: `${dataStackName}:BulkDataBucketName`,
    bucketArn: `${dataStackName}:BulkDataBucketArn`,
  } as const;
}

export interface BulkDataBucketProps {
  /** Encrypt with this customer-managed key. @default - S3-managed keys */
  readonly encryptionKey?: IKey;
  /** Days a raw report is kept. @default 400 (a year of reports plus a month to query them) */
  readonly rawRetentionDays?: number;
}

/**
 * Stateful half of bulk data collection (TR-232 over HTTP): the bucket reports land in and the
 * key devices' collector passwords derive from (functions/core/bulk-data/bulk-data-credentials.ts);
 * both retained, like the table: a lost key would make every CPE's configured password wrong.
 */
export class BulkDataBucket extends Construct {
  public readonly bucket: Bucket;
  public readonly key: Secret;

  constructor(scope: Construct, id: string, props: BulkDataBucketProps = {}) {
    super(scope, id);
    const rawDays = props.rawRetentionDays ?? 400;
    if (!Number.isInteger(rawDays) || rawDays < 1) {
      throw new RangeError(`rawRetentionDays must be a positive integer, got ${rawDays}`);
    }
    this.bucket = new Bucket(this, "Bucket", {
      ...privateBucketProps(props.encryptionKey),
      lifecycleRules: [
        { prefix: bulkDataPrefixes.raw, expiration: Duration.days(rawDays) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Every object is written by the collector function, one per report, and the function logs each refusal; server access logs would add a log object per report (doubling the PUT cost the collector is sized by). CloudTrail S3 data events can audit reads where needed.",
    });
    this.key = new Secret(this, "Key", {
      encryptionKey: props.encryptionKey,
      description: "Key devices' bulk data collector passwords derive from (HMAC-SHA256)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.key).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Each CPE holds a password derived from this key, set by a provisioning profile; a rotation Lambda changing it would lock every CPE out of the collector until its next session re-applies the profile. Rotate by changing it deliberately and letting the profile converge.",
    });
    const stack = Stack.of(this);
    const exportNames = bulkDataBucketExportNames(stack.stackName);
    new CfnOutput(stack, "BulkDataBucketName", {
      value: this.bucket.bucketName,
      exportName: exportNames.bucketName,
      description: "Bulk data reports (raw/date=YYYY-MM-DD/device=<id>/, latest/<id>.json)",
    });
    new CfnOutput(stack, "BulkDataBucketArn", {
      value: this.bucket.bucketArn,
      exportName: exportNames.bucketArn,
    });
  }
}
