import { createHash } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { StoreUnavailableError } from "../../port-errors.ts";
import type { Clock, FileContent } from "../../ports.ts";

export interface S3FileContentOptions {
  /** Built by createFilesS3Client (its checksum setting keeps presigned PUTs usable). */
  readonly client: S3Client;
  /** ACS_FILES_BUCKET */
  readonly bucket: string;
  readonly clock: Clock;
  /** Object keys are `<prefix><id>`. @default "files/" */
  readonly prefix?: string;
  /** How long a presigned PUT stays valid. @default 3600 */
  readonly uploadLifetimeSeconds?: number;
}

/**
 * The client settings presigning needs: without WHEN_REQUIRED the SDK (since 3.729) puts a
 * CRC32 of the empty body into every presigned PUT, and S3 then refuses the real bytes.
 */
export const filesS3ClientConfig: S3ClientConfig = { requestChecksumCalculation: "WHEN_REQUIRED" };

/** The S3 client for createS3FileContent (region and credentials from the environment). */
export function createFilesS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...config, ...filesS3ClientConfig });
}

/** SigV4 presigned URLs live at most 7 days (AWS S3 "Sharing objects with presigned URLs"). */
const maxPresignSeconds = 7 * 24 * 3600;

/**
 * FileContent in S3: presigned PUT for uploads (with the declared SHA-256 as
 * x-amz-checksum-sha256, so S3 itself refuses other bytes, and the version and SHA-256 as
 * object metadata), presigned GET for CPEs.
 */
export function createS3FileContent(options: S3FileContentOptions): FileContent {
  const { client, bucket } = options;
  const keyOf = (id: string) => `${options.prefix ?? "files/"}${id}`;
  const uploadSeconds = options.uploadLifetimeSeconds ?? 3600;
  return {
    uploadTarget: async (id, { sha256, version }) => {
      const headers = uploadHeaders({ sha256, version });
      const metadata = {
        ...(version !== undefined && { version }),
        ...(sha256 !== undefined && { sha256 }),
      };
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: keyOf(id),
        ...(headers[checksumHeader] && { ChecksumSHA256: headers[checksumHeader] }),
        ...(Object.keys(metadata).length > 0 && { Metadata: metadata }),
      });
      const url = await getSignedUrl(client, command, {
        expiresIn: uploadSeconds,
        // Checksum and metadata are sent as headers (signed, so S3 refuses an upload without
        // them), not hoisted into the query string.
        unhoistableHeaders: new Set(Object.keys(headers)),
      });
      return { url, method: "PUT", headers, expiresAt: options.clock.now() + uploadSeconds * 1000 };
    },
    downloadUrl: (id, { expiresInSeconds }) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: keyOf(id) }), {
        expiresIn: Math.min(Math.max(1, Math.ceil(expiresInSeconds)), maxPresignSeconds),
      }),
    head: async (id) => {
      const found = await client
        .send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(id), ChecksumMode: "ENABLED" }))
        .catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw unavailable("HeadObject", error);
        });
      if (!found) return undefined;
      const size = found.ContentLength ?? 0;
      // A whole-object SHA-256 checksum is there when the upload sent one; else read the bytes.
      const full = found.ChecksumSHA256 && found.ChecksumType !== "COMPOSITE";
      const sha256 = full
        ? Buffer.from(found.ChecksumSHA256 as string, "base64").toString("hex")
        : await digestObject(client, bucket, keyOf(id)).catch((error: unknown) => {
            throw unavailable("GetObject", error);
          });
      return { size, sha256 };
    },
    delete: async (id) => {
      await client
        .send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(id) }))
        .catch((error: unknown) => {
          throw unavailable("DeleteObject", error);
        });
    },
  };
}

const checksumHeader = "x-amz-checksum-sha256";

/**
 * What a presigned PUT requires the client to send: the declared SHA-256 as S3's checksum (S3
 * refuses other bytes) and as metadata with the version, which S3 returns on every GET as
 * `x-amz-meta-*` response headers, so a CPE can check the image it received.
 */
export function uploadHeaders(declared: {
  readonly sha256?: string | undefined;
  readonly version?: string | undefined;
}): Record<string, string> {
  const { sha256, version } = declared;
  return {
    ...(sha256 !== undefined && {
      [checksumHeader]: Buffer.from(sha256, "hex").toString("base64"),
      "x-amz-meta-sha256": sha256,
    }),
    ...(version !== undefined && { "x-amz-meta-version": version }),
  };
}

async function digestObject(client: S3Client, bucket: string, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash("sha256");
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest("hex");
}

/** S3 failures leave as the port's typed error (the API answers 503 with Retry-After). */
function unavailable(operation: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`S3 ${operation} failed`, { cause: error });
}

/** Without s3:ListBucket, S3 answers a missing key with 403, not 404: grant it. */
function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
