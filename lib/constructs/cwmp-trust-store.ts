import { TrustStore } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { Asset } from "aws-cdk-lib/aws-s3-assets";
import type { Construct } from "constructs";
import type { CwmpFrontDoorStageConfig } from "../config.ts";

/** The mTLS CA bundle's source: an object already in S3, or a file shipped as an asset. */
export type CaBundleSource = NonNullable<CwmpFrontDoorStageConfig["mtls"]>;

/** `caBundleS3Uri` does not name an object (`s3://bucket/key`). */
export class CaBundleUriError extends Error {
  override readonly name = "CaBundleUriError";
  constructor(readonly uri: string) {
    super(`caBundleS3Uri must be s3://bucket/key, not ${uri}`);
  }
}

/**
 * The load balancer's trust store of the operator's CPE CA certificates (PEM bundle). ELB reads
 * the bundle once, when the trust store is created or modified; replacing the object alone
 * changes nothing until the trust store is updated (a new asset hash does that for a file).
 */
export function cwmpTrustStore(scope: Construct, id: string, source: CaBundleSource): TrustStore {
  if ("caBundleFile" in source) {
    const asset = new Asset(scope, `${id}Bundle`, { path: source.caBundleFile });
    return new TrustStore(scope, id, { bucket: asset.bucket, key: asset.s3ObjectKey });
  }
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(source.caBundleS3Uri);
  if (!match?.[1] || !match[2]) throw new CaBundleUriError(source.caBundleS3Uri);
  const bucket = Bucket.fromBucketName(scope, `${id}Bucket`, match[1]);
  return new TrustStore(scope, id, { bucket, key: match[2] });
}
