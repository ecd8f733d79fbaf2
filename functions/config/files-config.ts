import type { EnvReader } from "./env-reader.ts";

/** Where the files bucket is and how long its presigned URLs live (lib/constructs/file-store.ts). */
export interface FilesConfig {
  /** ACS_FILES_BUCKET */
  readonly bucket: string;
  /** ACS_FILES_PREFIX: operators' files (Download). @default "files/" */
  readonly filesPrefix: string;
  /** ACS_UPLOADS_PREFIX: what CPEs upload (Upload). @default "uploads/" */
  readonly uploadsPrefix: string;
  /** ACS_FILES_URL_LIFETIME_SECONDS, 60..43200. @default 3600 */
  readonly urlLifetimeSeconds: number;
}

/** The file store's settings; undefined without ACS_FILES_BUCKET (no file store configured). */
export function readFilesConfig(env: EnvReader): FilesConfig | undefined {
  const bucket = env.optionalString("ACS_FILES_BUCKET");
  if (bucket === undefined) return undefined;
  return {
    bucket,
    filesPrefix: env.string("ACS_FILES_PREFIX", "files/"),
    uploadsPrefix: env.string("ACS_UPLOADS_PREFIX", "uploads/"),
    urlLifetimeSeconds: env.integer("ACS_FILES_URL_LIFETIME_SECONDS", 3600, {
      min: 60,
      max: 43_200,
    }),
  };
}
