import type { DownloadArguments } from "../core/cwmp/index.ts";
import { CpeFaultError } from "./errors.ts";
import { type FetchLimits, fetchFile } from "./fetch-file.ts";
import { checkImage, firmwareVersion, imageVersion, isFirmware } from "./firmware-image.ts";
import type { DownloadFailure } from "./misbehaviours.ts";

/** How a Download ended, before it is reported in TransferComplete (TR-069 A.3.3.2). */
export type DownloadOutcome =
  /** Installed; a firmware image's `version` becomes DeviceInfo.SoftwareVersion. */
  | { readonly kind: "installed"; readonly version: string | undefined }
  /** Reported as a success (FaultCode 0), but the old firmware keeps running. */
  | { readonly kind: "corrupt-image" }
  | { readonly kind: "failed"; readonly fault: CpeFaultError };

export interface DownloadOptions {
  readonly request: DownloadArguments;
  /** GET the URL with these bounds; undefined: a simulated transfer that contacts nothing. */
  readonly http: FetchLimits | undefined;
  /** An injected failure (misbehaviour `failDownloads`). */
  readonly failure: DownloadFailure | undefined;
  readonly signal: AbortSignal;
}

/**
 * Carries out a Download. A simulated one fails with 9010 when the URL contains "fail" and
 * installs the version its file name says; a real one GETs the file, checks it (firmware-image.ts)
 * and installs the version the image names. An injected "fault" fails with 9010 before any
 * transfer; an injected "corrupt-image" transfers, then installs nothing.
 */
export async function performDownload(options: DownloadOptions): Promise<DownloadOutcome> {
  const { request, failure } = options;
  if (failure === "fault") {
    return { kind: "failed", fault: new CpeFaultError(9010, "injected download failure") };
  }
  try {
    const version = options.http === undefined ? simulated(request) : await real(options);
    return failure === "corrupt-image" ? { kind: "corrupt-image" } : { kind: "installed", version };
  } catch (error) {
    if (error instanceof CpeFaultError) return { kind: "failed", fault: error };
    return { kind: "failed", fault: new CpeFaultError(9010, String(error), [], { cause: error }) };
  }
}

function simulated(request: DownloadArguments): string | undefined {
  if (request.url.includes("fail")) throw new CpeFaultError(9010, request.url);
  return firmwareVersion(request);
}

async function real(options: DownloadOptions): Promise<string | undefined> {
  const { request } = options;
  const file = await fetchFile({
    ...options.http,
    url: request.url,
    username: request.username,
    password: request.password,
    signal: options.signal,
  });
  checkImage(file, request);
  return isFirmware(request) ? imageVersion(file, request) : undefined;
}
