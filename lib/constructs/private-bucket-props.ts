import { RemovalPolicy } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  BucketEncryption,
  type BucketProps,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";

/**
 * What every bucket of the stack shares: encrypted (with the stage's KMS key when it has one,
 * a bucket key so a busy bucket is not one KMS request per object), TLS only, never public,
 * owner-enforced, kept when the stack goes (cdk-nag AwsSolutions-S1/S2/S10).
 */
export function privateBucketProps(encryptionKey: IKey | undefined): BucketProps {
  return {
    ...(encryptionKey
      ? { encryption: BucketEncryption.KMS, encryptionKey, bucketKeyEnabled: true }
      : { encryption: BucketEncryption.S3_MANAGED }),
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
