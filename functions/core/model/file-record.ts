/**
 * Files the ACS serves to CPEs (firmware images, configuration files) and their metadata.
 * FileType strings are TR-069 Amendment 6, A.3.2.8 (Download); the first digit is what CPEs read.
 */
export const fileTypes = [
  "1 Firmware Upgrade Image",
  "2 Web Content",
  "3 Vendor Configuration File",
  "4 Tone File",
  "5 Ringer File",
] as const;

export type FileType = (typeof fileTypes)[number];

/** `pending-upload` until its content is present and checked; only `ready` files are served. */
export type FileState = "pending-upload" | "ready";

export interface FileRecord {
  /** Time-sortable id (IdSource.sortableId). */
  readonly id: string;
  readonly name: string;
  readonly fileType: FileType;
  /** For a firmware image: the SoftwareVersion the CPE reports once it runs it. */
  readonly version?: string;
  /** OUIs (six hex digits) the file applies to; any device when absent. */
  readonly oui?: readonly string[];
  readonly productClasses?: readonly string[];
  /** Bytes: as declared while pending (0 when not), as stored once ready. */
  readonly size: number;
  /** Lower-case hex SHA-256: as declared while pending (absent when not), as stored once ready. */
  readonly sha256?: string;
  readonly createdAt: number;
  /** When the content was checked and the file became ready. */
  readonly uploadedAt?: number;
  readonly state: FileState;
}

export interface FileFilter {
  readonly fileType?: FileType;
  readonly oui?: string;
  readonly productClass?: string;
  readonly version?: string;
  readonly state?: FileState;
}

/** A file matches when every given field matches; a file without OUIs/product classes fits any. */
export function matchesFileFilter(file: FileRecord, filter: FileFilter): boolean {
  const within = (list: readonly string[] | undefined, value: string | undefined, fold = false) =>
    value === undefined ||
    list === undefined ||
    list.some((entry) => (fold ? entry.toUpperCase() === value.toUpperCase() : entry === value));
  return (
    (filter.fileType === undefined || file.fileType === filter.fileType) &&
    (filter.version === undefined || file.version === filter.version) &&
    (filter.state === undefined || file.state === filter.state) &&
    within(file.oui, filter.oui, true) &&
    within(file.productClasses, filter.productClass)
  );
}
