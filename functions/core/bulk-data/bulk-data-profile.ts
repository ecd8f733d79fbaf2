import type { DesiredObject, DesiredObjectValue, Profile } from "../provisioning/profile.ts";
import type { BulkDataCredentials } from "./bulk-data-credentials.ts";
import type { BulkReportFormat } from "./bulk-report.ts";
import { bulkDataQueryNames } from "./identify-bulk-device.ts";

/** The built-in profile pointing a CPE's bulk data at the ACS's collector. */
export const bulkDataProfileName = "builtin-bulk-data";

/** What every device reports and how (the same for the fleet; the credentials are per device). */
export interface BulkDataProfileSettings {
  /** The collector's URL, without query (`HTTP.URL`). */
  readonly url: string;
  /** `ReportingInterval` in seconds (TR-181: at least 1; CPEs may impose a minimum). */
  readonly intervalSeconds: number;
  /** `Parameter.{i}.Reference`: names, partial paths ending in ".", `*` for instances. */
  readonly references: readonly string[];
  readonly format: BulkReportFormat;
  /** `HTTP.Compression` "GZIP". @default true */
  readonly gzip?: boolean;
}

const alias = "acs-bulk-data";

/**
 * `Device.BulkData.Profile.{i}` (TR-181 BulkData, 2.10+) as the ACS wants it: one instance
 * (Alias `acs-bulk-data`) reporting `references` every `intervalSeconds` over HTTP to the
 * collector, with the device's own Basic credentials and the query that names it
 * (`HTTP.RequestURIParameter.{i}`: oui, pc, sn from `DeviceInfo.`). Only where the model has
 * `BulkData.` (the planner probes `requires`). TR-181 only: TR-098 has no BulkData object.
 */
export function bulkDataProfile(
  settings: BulkDataProfileSettings,
  credentials: BulkDataCredentials,
): Profile {
  if (settings.references.length === 0) throw new RangeError("no bulk data parameters");
  const text = (name: string, value: string): DesiredObjectValue => ({
    name,
    value,
    type: "string",
  });
  const encoding =
    settings.format.encoding === "JSON" ? "JSONEncoding.ReportFormat" : "CSVEncoding.ReportFormat";
  const profile: DesiredObject = {
    table: "Device.BulkData.Profile.",
    match: { Alias: alias },
    parameterValues: [
      text("Alias", alias),
      { name: "Enable", value: "true", type: "boolean" },
      text("Protocol", "HTTP"),
      text("EncodingType", settings.format.encoding),
      text(encoding, settings.format.format),
      {
        name: "ReportingInterval",
        value: String(settings.intervalSeconds),
        type: "unsignedInt",
      },
      text("HTTP.URL", settings.url),
      text("HTTP.Username", credentials.username),
      { ...text("HTTP.Password", credentials.password), secret: true },
      text("HTTP.Compression", settings.gzip === false ? "None" : "GZIP"),
      text("HTTP.Method", "POST"),
      { name: "HTTP.RetryEnable", value: "true", type: "boolean" },
    ],
    objects: [
      {
        table: "HTTP.RequestURIParameter.",
        match: { Name: bulkDataQueryNames.oui },
        parameterValues: [
          text("Name", bulkDataQueryNames.oui),
          text("Reference", "Device.DeviceInfo.ManufacturerOUI"),
        ],
      },
      {
        table: "HTTP.RequestURIParameter.",
        match: { Name: bulkDataQueryNames.productClass },
        parameterValues: [
          text("Name", bulkDataQueryNames.productClass),
          text("Reference", "Device.DeviceInfo.ProductClass"),
        ],
      },
      {
        table: "HTTP.RequestURIParameter.",
        match: { Name: bulkDataQueryNames.serialNumber },
        parameterValues: [
          text("Name", bulkDataQueryNames.serialNumber),
          text("Reference", "Device.DeviceInfo.SerialNumber"),
        ],
      },
      ...settings.references.map((reference) => ({
        table: "Parameter.",
        match: { Reference: reference },
        parameterValues: [text("Reference", reference)],
      })),
    ],
  };
  return {
    name: bulkDataProfileName,
    precondition: { root: "Device." },
    requires: ["Device.BulkData."],
    // The collection function as a whole (TR-181 Device.BulkData.Enable), then the profile.
    parameterValues: [{ name: "Device.BulkData.Enable", value: "true", type: "boolean" }],
    objects: [profile],
    notifications: [],
  };
}
