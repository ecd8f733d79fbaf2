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

/**
 * What CPEs send with the Upload RPC (TR-069 A.4.1.5): its FileTypes are not Download's. The
 * indexed forms name an instance of DeviceInfo.VendorConfigFile.{i} / VendorLogFile.{i}.
 */
export type UploadFileType =
  | "1 Vendor Configuration File"
  | "2 Vendor Log File"
  | `3 Vendor Configuration File ${number}`
  | `4 Vendor Log File ${number}`;

const uploadFileTypeShape =
  /^(1 Vendor Configuration File|2 Vendor Log File|3 Vendor Configuration File [1-9][0-9]{0,5}|4 Vendor Log File [1-9][0-9]{0,5})$/;

export function isUploadFileType(text: string): text is UploadFileType {
  return uploadFileTypeShape.test(text);
}

/**
 * The Download FileType a file is sent to a CPE as: its own, or for a configuration file a CPE
 * uploaded, "3 Vendor Configuration File" (a backup restored); undefined for a log file.
 */
export function downloadFileType(file: Pick<FileRecord, "fileType">): FileType | undefined {
  const type: string = file.fileType;
  const own = fileTypes.find((known) => known === type);
  if (own !== undefined) return own;
  return type.includes("Vendor Configuration File") ? "3 Vendor Configuration File" : undefined;
}

/** `pending-upload` until its content is present and checked; only `ready` files are served. */
export type FileState = "pending-upload" | "ready";

export interface FileRecord {
  /** Time-sortable id (IdSource.sortableId). */
  readonly id: string;
  readonly name: string;
  /** An Upload's FileType for a file a CPE uploaded (`deviceId` set), else a Download's. */
  readonly fileType: FileType | UploadFileType;
  /** The device that uploaded it (an Upload task without a URL); absent for operators' files. */
  readonly deviceId?: string;
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
  readonly fileType?: FileType | UploadFileType;
  /** The uploading device's files; absent: operators' files only (a listing never mixes them). */
  readonly deviceId?: string;
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
    file.deviceId === filter.deviceId &&
    (filter.fileType === undefined || file.fileType === filter.fileType) &&
    (filter.version === undefined || file.version === filter.version) &&
    (filter.state === undefined || file.state === filter.state) &&
    within(file.oui, filter.oui, true) &&
    within(file.productClasses, filter.productClass)
  );
}
