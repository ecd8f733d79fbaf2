import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

export interface S3Emulator {
  /** `http://127.0.0.1:<port>`; buckets are addressed path-style under it. */
  readonly endpoint: string;
  /** A bucket that exists when startS3Emulator resolves. */
  readonly bucket: string;
  /** Stops the server and deletes its directory. */
  stop(): Promise<void>;
}

export interface S3EmulatorOptions {
  /** @default "acs-test" */
  readonly bucket?: string;
}

/**
 * An in-process S3 (s3rver) on loopback, an ephemeral port and a fresh temp directory.
 *
 * What it does not check, so tests against it cannot prove it either: SigV4 signatures (s3rver
 * only looks up the access key id, see emulatorS3ClientConfig), presigned URL expiry, and
 * `x-amz-checksum-*` headers (it neither verifies nor stores them).
 */
export async function startS3Emulator(options: S3EmulatorOptions = {}): Promise<S3Emulator> {
  const bucket = options.bucket ?? "acs-test";
  const directory = await mkdtemp(join(tmpdir(), "s3-emulator-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run().catch(async (error: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * S3 client settings for the emulator: path-style (no `<bucket>.127.0.0.1` host), and the one
 * access key s3rver knows (its built-in account `S3RVER`; any other id is refused with
 * InvalidAccessKeyId). One attempt, so a stopped emulator fails at once instead of retrying.
 */
export function emulatorS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    forcePathStyle: true,
    region: "eu-west-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    maxAttempts: 1,
  };
}
