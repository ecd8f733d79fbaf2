import { Fn, Validations } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { type CorsRule, HttpMethods } from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";
import { type AcsConsumer, useKeyVia } from "./grants.ts";

/**
 * Key prefixes of the files bucket. Operators' files (what TR-069 Download RPCs name: firmware
 * images, vendor configuration files) live under one, what CPEs send with the Upload RPC
 * (configuration backups, logs) under the other, so the CWMP function can be let write
 * uploads without being able to replace a firmware image.
 */
export const filePrefixes = { files: "files/", uploads: "uploads/" } as const;

/** Names of the variables that tell a runtime where the files are and how long URLs live. */
export const fileStoreEnv = {
  bucket: "ACS_FILES_BUCKET",
  filesPrefix: "ACS_FILES_PREFIX",
  uploadsPrefix: "ACS_UPLOADS_PREFIX",
  urlLifetimeSeconds: "ACS_FILES_URL_LIFETIME_SECONDS",
} as const;

/** The data stack's files bucket, by its exports (never the construct: see lib/acs-stack.ts). */
export interface FileStore {
  /** Export names of the bucket's name and ARN (filesBucketExportNames, lib/data-stack.ts). */
  readonly exports: { readonly bucketName: string; readonly bucketArn: string };
  /** The customer-managed key the bucket is encrypted with, if any. */
  readonly keyArn?: string;
  /** How long presigned URLs are valid. */
  readonly urlLifetimeSeconds: number;
}

/**
 * What each process does with the files. A presigned URL carries its signer's permissions,
 * so the signer needs the action the CPE or operator will perform with it.
 * - `api`: presigns PUTs of operators' files and GETs of both kinds, deletes both, and
 *   lists, so a HeadObject of a missing key answers 404 rather than 403.
 * - `cwmp`: presigns GETs of operators' files (Download RPC) and PUTs of uploads (Upload RPC)
 *   when the RPC is sent, and reads an upload (HeadObject, or its bytes for the SHA-256 when
 *   S3 holds no checksum) when its TransferComplete marks the file ready; it lists uploads so
 *   that an upload the CPE reported but never sent is a 404 (the task faults), not a 403 (an
 *   error the session cannot get past: the CPE repeats TransferComplete, TR-069 3.7.1.5).
 */
export type FileStoreRole = "api" | "cwmp";

const objectActions: Record<FileStoreRole, Record<keyof typeof filePrefixes, string[]>> = {
  api: {
    files: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
    uploads: ["s3:GetObject", "s3:DeleteObject"],
  },
  cwmp: { files: ["s3:GetObject"], uploads: ["s3:PutObject", "s3:GetObject"] },
};

/**
 * Both roles read objects to find out whether they are there (HeadObject is GetObject); without
 * s3:ListBucket S3 answers a missing key with 403 instead of 404, and a 403 reads as a store
 * failure the CPE would meet again with every TransferComplete. The grant has no `s3:prefix`
 * condition: that key is only in a ListObjects request's context, not in the implicit listing
 * check of a HeadObject, so a prefix condition would leave the 403. Listing shows key names only
 * (file ids), never contents.
 */
/**
 * The bucket's variables, exactly `role`'s actions under each prefix (HeadObject is GetObject),
 * and listing where it reads.
 */
export function useFileStore(
  consumer: AcsConsumer & IConstruct,
  store: FileStore,
  role: FileStoreRole,
): void {
  const bucketArn = Fn.importValue(store.exports.bucketArn);
  consumer.addEnvironment(fileStoreEnv.bucket, Fn.importValue(store.exports.bucketName));
  consumer.addEnvironment(fileStoreEnv.filesPrefix, filePrefixes.files);
  consumer.addEnvironment(fileStoreEnv.uploadsPrefix, filePrefixes.uploads);
  consumer.addEnvironment(fileStoreEnv.urlLifetimeSeconds, String(store.urlLifetimeSeconds));
  for (const [prefix, actions] of Object.entries(objectActions[role])) {
    const keyPrefix = filePrefixes[prefix as keyof typeof filePrefixes];
    consumer.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [`${bucketArn}/${keyPrefix}*`] }),
    );
    Validations.of(consumer).acknowledge({
      // cdk-nag names the resource by the export it imports (filesBucketExportNames).
      id: `AwsSolutions-IAM5[Resource::${store.exports.bucketArn}/${keyPrefix}*]`,
      reason: `File keys are chosen at upload time, so presigning needs every object under ${keyPrefix}; the grant stops at that prefix and names only the actions this function presigns or performs.`,
    });
  }
  consumer.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ["s3:ListBucket"],
      resources: [bucketArn],
    }),
  );
  if (store.keyArn) {
    // Reading an SSE-KMS object decrypts its data key; writing one generates it (also when the
    // request is a presigned URL: S3 asks KMS as the signer).
    useKeyVia(consumer, store.keyArn, "s3", ["kms:Decrypt", "kms:GenerateDataKey"]);
  }
}

/**
 * The files bucket's CORS rule for uploads from the operator console (a presigned PUT from the
 * browser, lib/constructs/operator-console.ts). The console's CloudFront name is generated in the
 * stateless stack, which depends on the data stack that owns this bucket, so naming it here would
 * make the dependency circular; the rule names CloudFront's domain instead. CORS only decides
 * which pages may read the answer: the presigned URL, valid for one key and a short time, is
 * what authorizes the PUT, so a wider origin here grants nothing.
 */
export const consoleUploadCors: CorsRule = {
  allowedMethods: [HttpMethods.PUT],
  allowedOrigins: ["https://*.cloudfront.net"],
  // What the console's upload form sends: the presigned request's own headers.
  allowedHeaders: ["*"],
  maxAge: 600,
};
