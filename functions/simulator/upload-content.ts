import { assertNever } from "../core/session/assert-never.ts";
import type { SessionRecord } from "./cpe-types.ts";
import type { DataModel } from "./data-model.ts";
import { formatDateTime } from "./param-value.ts";
import type { SessionResult } from "./session-client.ts";

/** What a device's uploaded files are made of. */
export interface UploadSource {
  readonly serialNumber: string;
  readonly model: DataModel;
  /** When the device last booted. */
  readonly bootTimeMs: number;
  /** Its last sessions, oldest first. */
  readonly sessions: readonly SessionRecord[];
}

/**
 * The file a CPE sends for an Upload (TR-069 A.4.1.5 FileType): a configuration file
 * ("1 Vendor Configuration File", or instance i of DeviceInfo.VendorConfigFile) is a dump of the
 * data model, one `name=value` line per parameter in the model's order; a log file
 * ("2 Vendor Log File", or instance i of DeviceInfo.VendorLogFile) a few lines about boots and
 * sessions. Undefined for a FileType the device has no file for.
 */
export function uploadContent(
  fileType: string,
  source: UploadSource,
  nowMs: number,
): Buffer | undefined {
  if (/^(1 Vendor Configuration File|3 Vendor Configuration File \d+)$/.test(fileType))
    return Buffer.from(configurationFile(source.model));
  if (/^(2 Vendor Log File|4 Vendor Log File \d+)$/.test(fileType))
    return Buffer.from(logFile(source, nowMs));
  return undefined;
}

/**
 * Hidden values (passwords, keys) are written empty, as GetParameterValues reads them: the file
 * ends up where operators download it. A line break in a value is written `\n`.
 */
function configurationFile(model: DataModel): string {
  const lines = model
    .getParameterValues([model.root])
    .map(({ name, value }) => `${name}=${value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n")}`);
  return `${lines.join("\n")}\n`;
}

function logFile(source: UploadSource, nowMs: number): string {
  const version = source.model.read(`${source.model.root}DeviceInfo.SoftwareVersion`);
  const lines = [
    `${formatDateTime(source.bootTimeMs)} boot: ${source.serialNumber} running ${version}`,
    ...source.sessions.map(
      (session, index) =>
        `session ${index + 1}: ${session.events.map((event) => event.eventCode).join(", ")}: ${result(session.result)}`,
    ),
    `${formatDateTime(nowMs)} upload: log file requested by the ACS`,
  ];
  return `${lines.join("\n")}\n`;
}

function result(session: SessionResult): string {
  switch (session.kind) {
    case "completed":
      return `completed after ${session.exchanges} exchanges`;
    case "busy":
      return "ACS busy (503)";
    case "hung-up":
      return `hung up after ${session.exchanges} exchanges`;
    case "failed":
      return `failed: ${session.error.message}`;
    default:
      return assertNever(session);
  }
}
