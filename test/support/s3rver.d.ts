/**
 * Narrow, hand-written types for the parts of s3rver 3.7 that test/support/s3-emulator.ts uses.
 * The package ships no TypeScript types; keep this surface as small as the helper needs.
 */
declare module "s3rver" {
  import type { AddressInfo } from "node:net";

  export interface S3rverOptions {
    address?: string;
    /** 0 asks the OS for a free port. */
    port?: number;
    silent?: boolean;
    /** Where buckets and objects are kept as files. */
    directory?: string;
    resetOnClose?: boolean;
    /** Off: `<bucket>.<host>` is not read as a bucket, so only path-style addressing works. */
    vhostBuckets?: boolean;
    configureBuckets?: ReadonlyArray<{ name: string; configs?: ReadonlyArray<string | Buffer> }>;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Creates the configured buckets, then listens. */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
