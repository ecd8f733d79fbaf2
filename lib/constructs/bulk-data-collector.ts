import { Fn, Validations } from "aws-cdk-lib";
import { type HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct, type IConstruct } from "constructs";
import type { BulkDataStageConfig, LambdaSystemLogLevel } from "../stage-options.ts";
import { AcsFunction } from "./acs-function.ts";
import { bulkDataPrefixes } from "./bulk-data-bucket.ts";
import { type AcsConsumer, useKeyVia, useSecretArn } from "./grants.ts";

/** The path CPEs report to: `Device.BulkData.Profile.{i}.HTTP.URL` = `<base URL>bulk-data`. */
export const bulkDataPath = "/bulk-data";

/** The data stack's bulk data bucket, by its exports (as FileStore is; lib/acs-stack.ts). */
export interface BulkDataBucketRef {
  /** bulkDataBucketExportNames(<data stack name>) */
  readonly exports: { readonly bucketName: string; readonly bucketArn: string };
  /** The customer-managed key the bucket is encrypted with, if any. */
  readonly keyArn?: string;
}

export interface BulkDataCollectorProps {
  readonly projectRoot: string;
  readonly api: HttpApi;
  readonly bucket: BulkDataBucketRef;
  /** BulkDataBucket.key: devices' passwords derive from it. */
  readonly key: ISecret;
  readonly logRetention: RetentionDays;
  /** Lambda's system log level (AcsFunctionProps). @default "warn" */
  readonly systemLogLevel?: LambdaSystemLogLevel;
  /** Customer-managed key of the log group. */
  readonly encryptionKey?: IKey;
  /** ACS_BULK_DATA_MAX_BYTES, the largest report once inflated. @default 1 MiB */
  readonly maxBytes?: number;
}

/**
 * The TR-232 collector in AWS: `POST|PUT /bulk-data` on the HTTP API -> a small function ->
 * two S3 PUTs (raw and latest). Not Firehose: Firehose bills ingestion in 5 KB increments per
 * record and buffers for a minute or more, so the latest report could not be read back at once;
 * for reports of a few KB the PUTs cost about the same per million (README cost model).
 */
export class BulkDataCollector extends Construct {
  public readonly handler: AcsFunction;

  constructor(scope: Construct, id: string, props: BulkDataCollectorProps) {
    super(scope, id);
    this.handler = new AcsFunction(this, "Handler", {
      entry: `${props.projectRoot}/functions/handlers/bulk-data.ts`,
      projectRoot: props.projectRoot,
      description: "ACS bulk data collector (TR-232 over HTTP)",
      logRetention: props.logRetention,
      systemLogLevel: props.systemLogLevel,
      // Parsing a report of at most 1 MiB; memory also buys CPU for gunzip.
      memorySize: 256,
      ...(props.encryptionKey && { encryptionKey: props.encryptionKey }),
    });
    useSecretArn(this.handler, props.key, "ACS_BULK_DATA_KEY_ARN");
    if (props.maxBytes !== undefined) {
      this.handler.addEnvironment("ACS_BULK_DATA_MAX_BYTES", String(props.maxBytes));
    }
    useBulkDataBucket(this.handler, props.bucket, "collector");
    const integration = new HttpLambdaIntegration("BulkData", this.handler.function);
    for (const route of props.api.addRoutes({
      path: bulkDataPath,
      methods: [HttpMethod.POST, HttpMethod.PUT],
      integration,
    })) {
      Validations.of(route).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "CPEs cannot sign requests with SigV4; TR-369 R-BULK.6 has the collector authenticate them with HTTP basic or digest, which the collector verifies against each device's own derived password.",
      });
    }
  }
}

/**
 * - `collector`: s3:PutObject under `raw/` and `latest/`, nothing else (no read, no list).
 * - `api`: s3:GetObject under `latest/`, and s3:ListBucket so a device without a report is a
 *   404 (S3 answers a missing key with 403 to a caller that may not list).
 */
export function useBulkDataBucket(
  consumer: AcsConsumer & IConstruct,
  bucket: BulkDataBucketRef,
  role: "collector" | "api",
): void {
  const bucketArn = Fn.importValue(bucket.exports.bucketArn);
  consumer.addEnvironment("ACS_BULK_DATA_BUCKET", Fn.importValue(bucket.exports.bucketName));
  const grants =
    role === "collector"
      ? [bulkDataPrefixes.raw, bulkDataPrefixes.latest].map((prefix) => ({
          prefix,
          actions: ["s3:PutObject"],
        }))
      : [{ prefix: bulkDataPrefixes.latest, actions: ["s3:GetObject"] }];
  for (const { prefix, actions } of grants) {
    consumer.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [`${bucketArn}/${prefix}*`] }),
    );
    Validations.of(consumer).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucket.exports.bucketArn}/${prefix}*]`,
      reason: `Report keys name the device and the time of receipt, so the grant covers every object under ${prefix}; it stops at that prefix and names one action.`,
    });
  }
  if (role === "api") {
    consumer.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucketArn] }),
    );
  }
  if (bucket.keyArn) {
    const kms = role === "collector" ? ["kms:GenerateDataKey"] : ["kms:Decrypt"];
    useKeyVia(consumer, bucket.keyArn, "s3", kms);
  }
}

/**
 * The built-in bulk data profile on the CWMP function: every TR-181 CPE is pointed at the
 * collector (`url`), with a password derived from `key` (functions/config/bulk-data-profile-config.ts).
 */
export function useBulkDataProfile(
  cwmp: AcsConsumer,
  props: { readonly stage: BulkDataStageConfig; readonly url: string; readonly key: ISecret },
): void {
  cwmp.addEnvironment("ACS_BULK_DATA_PARAMETERS", props.stage.parameters.join(","));
  cwmp.addEnvironment("ACS_BULK_DATA_INTERVAL_SECONDS", String(props.stage.intervalSeconds));
  cwmp.addEnvironment("ACS_BULK_DATA_FORMAT", props.stage.format);
  cwmp.addEnvironment("ACS_BULK_DATA_URL", props.url);
  useSecretArn(cwmp, props.key, "ACS_BULK_DATA_KEY_ARN");
}
