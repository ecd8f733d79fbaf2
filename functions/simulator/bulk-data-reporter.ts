import { gzipSync } from "node:zlib";
import type { CpeDevice } from "./cpe-device.ts";
import type { DataModel } from "./data-model.ts";

/** One enabled `Device.BulkData.Profile.{i}` as the reporter needs it. */
interface ReportingProfile {
  readonly base: string;
  readonly intervalSeconds: number;
}

/**
 * (Re)arms one timer per enabled HTTP profile (TR-181 BulkData; only while `BulkData.Enable`):
 * every `ReportingInterval` the device sends a report of its `Parameter.{i}.Reference` values.
 * Called at boot and when a session changed parameters under `Device.BulkData.`.
 */
export function armBulkData(device: CpeDevice): void {
  for (const timer of device.bulkDataTimers.splice(0)) device.timers.cancel(timer);
  for (const profile of enabledProfiles(device.model)) {
    const delayMs = Math.min(profile.intervalSeconds * 1000, 2_147_483_647);
    const tick = () => {
      void sendReport(device.model, profile.base).catch(() => undefined);
      device.bulkDataTimers.push(device.timers.later(delayMs, tick));
    };
    device.bulkDataTimers.push(device.timers.later(delayMs, tick));
  }
}

function enabledProfiles(model: DataModel): ReportingProfile[] {
  if (readOr(model, "Device.BulkData.Enable") !== "true") return [];
  return instances(model, "Device.BulkData.Profile.")
    .filter((base) => readOr(model, `${base}Enable`) === "true")
    .filter((base) => readOr(model, `${base}Protocol`) === "HTTP")
    .map((base) => ({ base, intervalSeconds: Number(readOr(model, `${base}ReportingInterval`)) }))
    .filter((profile) => profile.intervalSeconds > 0);
}

/** Sends one report now; the collector's status, or undefined when nothing could be sent. */
export async function sendReport(model: DataModel, base: string): Promise<number | undefined> {
  const url = readOr(model, `${base}HTTP.URL`);
  if (!URL.canParse(url)) return undefined;
  const target = new URL(url);
  for (const at of instances(model, `${base}HTTP.RequestURIParameter.`)) {
    target.searchParams.set(
      readOr(model, `${at}Name`),
      readOr(model, readOr(model, `${at}Reference`)),
    );
  }
  const values = reportValues(model, base);
  const report = encode(model, base, values);
  const gzip = readOr(model, `${base}HTTP.Compression`) === "GZIP";
  const username = readOr(model, `${base}HTTP.Username`);
  const password = readOr(model, `${base}HTTP.Password`);
  const answer = await fetch(target, {
    method: readOr(model, `${base}HTTP.Method`) === "PUT" ? "PUT" : "POST",
    headers: {
      "content-type": report.mediaType,
      "bbf-report-format": report.format,
      ...(gzip && { "content-encoding": "gzip" }),
      ...(username !== "" && {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
      }),
    },
    body: gzip ? gzipSync(report.body) : report.body,
  });
  await answer.arrayBuffer();
  return answer.status;
}

/** Reference -> values: a parameter, or every parameter under a partial path. */
function reportValues(model: DataModel, base: string): [string, string][] {
  const names = instances(model, `${base}Parameter.`).map((at) => readOr(model, `${at}Reference`));
  return model
    .getParameterValues(names.filter((name) => name !== ""))
    .map((value) => [value.name, value.value]);
}

function encode(model: DataModel, base: string, values: [string, string][]) {
  const now = Math.floor(Date.now() / 1000);
  if (readOr(model, `${base}EncodingType`) === "CSV") {
    const rows = values.map(([name, value]) => `${now},${name},${csvField(value)},string`);
    return {
      mediaType: "text/csv; charset=UTF-8; header=present",
      format: "ParameterPerRow",
      body: ["ReportTimestamp,ParameterName,ParameterValue,ParameterType", ...rows].join("\r\n"),
    };
  }
  return {
    mediaType: "application/json; charset=UTF-8",
    format: "NameValuePair",
    body: JSON.stringify({ Report: [{ CollectionTime: now, ...Object.fromEntries(values) }] }),
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function instances(model: DataModel, table: string): string[] {
  return model
    .getParameterNames(table, true)
    .map((info) => info.name)
    .filter((name) => /\.\d+\.$/.test(name));
}

function readOr(model: DataModel, path: string): string {
  try {
    return model.read(path);
  } catch {
    return "";
  }
}
