import type { DeviceRecord } from "../model/device.ts";
import type { FileRecord } from "../model/file-record.ts";

/** Whether a device should be given a file: it may be outside the file's devices, or run it already. */
export type FileApplicability = "applies" | "not-applicable" | "already-on-version";

/**
 * A file naming OUIs or product classes applies only to those devices (OUIs compared
 * case-insensitively: TR-069 A.3.3.1 gives them as hex digits, vendors differ in case). A
 * firmware image whose version the device already reports in its Inform (DeviceInfo.SoftwareVersion,
 * a forced Inform parameter of TR-098 and TR-181) is not sent again.
 */
export function fileApplicability(
  file: Pick<FileRecord, "oui" | "productClasses" | "version">,
  device: Pick<DeviceRecord, "oui" | "productClass" | "informParameters">,
): FileApplicability {
  const ouiFits =
    file.oui === undefined ||
    file.oui.some((oui) => oui.toUpperCase() === device.oui.toUpperCase());
  const classFits =
    file.productClasses === undefined || file.productClasses.includes(device.productClass);
  if (!ouiFits || !classFits) return "not-applicable";
  if (file.version !== undefined && reportedSoftwareVersion(device) === file.version)
    return "already-on-version";
  return "applies";
}

/** DeviceInfo.SoftwareVersion as last informed, under either root object (Device. or InternetGatewayDevice.). */
export function reportedSoftwareVersion(
  device: Pick<DeviceRecord, "informParameters">,
): string | undefined {
  for (const [name, [value]] of Object.entries(device.informParameters)) {
    if (name.endsWith(".DeviceInfo.SoftwareVersion")) return value;
  }
  return undefined;
}
