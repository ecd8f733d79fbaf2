import { createHash } from "node:crypto";
import type { DownloadArguments } from "../core/cwmp/index.ts";
import { CpeFaultError } from "./errors.ts";
import type { FetchedFile } from "./fetch-file.ts";

/**
 * The response header that names an image's version: S3 returns the object's user metadata
 * `version` as `x-amz-meta-version`, also on a presigned GET, so a file stored with that
 * metadata needs nothing else; the local file server sends the same header.
 */
export const versionHeader = "x-amz-meta-version";

/**
 * The response header that names the file's SHA-256 (hex): the object metadata `sha256` the ACS
 * stores with a file whose upload declared it (S3 and the local file server send it alike).
 */
export const sha256Header = "x-amz-meta-sha256";

/** TR-069 A.3.2.8 Table 38: "1 Firmware Upgrade Image". */
export function isFirmware(request: DownloadArguments): boolean {
  return request.fileType.startsWith("1 ");
}

/**
 * The SHA-256 the downloaded file must have, when the URL carries one: a `sha256=<64 hex>`
 * fragment (never sent to the server, so it leaves a presigned URL's signature intact) or
 * query parameter. The Download RPC itself has no checksum argument (TR-069 A.3.2.8).
 */
export function expectedSha256(url: string): string | undefined {
  const parsed = new URL(url);
  const fromFragment = new URLSearchParams(parsed.hash.slice(1)).get("sha256");
  const hint = fromFragment ?? parsed.searchParams.get("sha256");
  return hint !== null && /^[0-9a-f]{64}$/i.test(hint) ? hint.toLowerCase() : undefined;
}

/**
 * A CPE checks what it received before installing it: the Download's FileSize when non-zero,
 * and the SHA-256 when the URL or the `x-amz-meta-sha256` response header names one (both must
 * match when both do). A mismatch is 9018 (file corrupted, TR-069 A.5.1).
 */
export function checkImage(file: FetchedFile, request: DownloadArguments): void {
  const size = file.body.length;
  if (request.fileSize > 0 && size !== request.fileSize) {
    throw new CpeFaultError(9018, `${size} bytes received, FileSize says ${request.fileSize}`);
  }
  const expected = [expectedSha256(request.url), headerSha256(file)].filter(
    (hex): hex is string => hex !== undefined,
  );
  if (expected.length === 0) return;
  const actual = createHash("sha256").update(file.body).digest("hex");
  const wrong = expected.find((hex) => hex !== actual);
  if (wrong !== undefined) throw new CpeFaultError(9018, `SHA-256 ${actual}, expected ${wrong}`);
}

/** The `x-amz-meta-sha256` response header, when it holds 64 hex digits. */
function headerSha256(file: FetchedFile): string | undefined {
  const header = file.headers[sha256Header];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value !== undefined && /^[0-9a-f]{64}$/i.test(value) ? value.toLowerCase() : undefined;
}

/**
 * The SoftwareVersion a firmware image installs, first found of: the `x-amz-meta-version`
 * response header; a first line `VERSION=<v>` in the image; the file name (TargetFileName, else
 * the URL's last path segment) without a .bin/.img/... extension.
 */
export function imageVersion(file: FetchedFile, request: DownloadArguments): string | undefined {
  const header = file.headers[versionHeader];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader !== undefined && fromHeader.trim() !== "") return fromHeader.trim();
  const firstLine = file.body.subarray(0, 256).toString("latin1").split(/\r?\n/, 1)[0] ?? "";
  const fromContent = /^VERSION=(\S+)/.exec(firstLine)?.[1];
  return fromContent ?? firmwareVersion(request);
}

/** What a firmware image's file name says its version is, when nothing else says. */
export function firmwareVersion(request: DownloadArguments): string | undefined {
  if (!isFirmware(request)) return undefined;
  const name = request.targetFileName || new URL(request.url).pathname.split("/").pop() || "";
  const version = name.replace(/\.(bin|img|trx|tar|gz|zip)$/i, "");
  return version === "" ? undefined : version;
}
