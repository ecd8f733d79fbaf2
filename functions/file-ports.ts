import type { FileFilter, FileRecord } from "./core/model/file-record.ts";

/** File metadata (firmware images, configuration files); the bytes are in `FileContent`. */
export interface FileStore {
  /** Throws FileConflictError when the id is taken. */
  createFile(file: FileRecord): Promise<void>;
  getFile(id: string): Promise<FileRecord | undefined>;
  /** Replaces a pending file's record; FileConflictError when it is gone or no longer pending. */
  markReady(file: FileRecord): Promise<void>;
  /** False when there was no such file. */
  deleteFile(id: string): Promise<boolean>;
  /** One page of files matching the filter, oldest id first. */
  listFiles(query: FileQuery): Promise<FilePage>;
}

export interface FileQuery extends FileFilter {
  readonly limit: number;
  /** Opaque, from the previous page. Throws InvalidCursorError when tampered with. */
  readonly cursor?: string;
}

export interface FilePage {
  readonly files: readonly FileRecord[];
  /** Present when more may follow. */
  readonly cursor?: string;
}

/** Where and how a client sends a file's bytes (a presigned PUT, or the local file server). */
export interface UploadTarget {
  readonly url: string;
  readonly method: "PUT";
  /** Headers the client must send with the body (e.g. a checksum S3 verifies). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: number;
}

/** The bytes of files: S3 in AWS, the data directory locally. */
export interface FileContent {
  /**
   * `sha256` (hex), when declared, binds the upload to that digest where the store can check it;
   * it and `version` are kept with the bytes as metadata (`x-amz-meta-sha256`,
   * `x-amz-meta-version`), which a CPE downloading the file receives as response headers.
   */
  uploadTarget(
    id: string,
    options: { readonly sha256?: string; readonly version?: string },
  ): Promise<UploadTarget>;
  /** A URL a CPE can GET the file from, valid at least `expiresInSeconds`. */
  downloadUrl(id: string, options: { readonly expiresInSeconds: number }): Promise<string>;
  /** What is stored under the id (size and hex SHA-256), or undefined when nothing is. */
  head(id: string): Promise<{ readonly size: number; readonly sha256: string } | undefined>;
  /** Idempotent. */
  delete(id: string): Promise<void>;
}

/** Whether something (a rollout) still refers to a file: it is not deleted then. */
export interface FileUsage {
  isFileInUse(id: string): Promise<boolean>;
}
