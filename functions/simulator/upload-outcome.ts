import type { UploadArguments } from "../core/cwmp/index.ts";
import { CpeFaultError } from "./errors.ts";
import { putFile, type UploadLimits } from "./put-file.ts";

/** What an Upload sent, for observers (tests, fleet summaries). */
export interface UploadRecord {
  readonly commandKey: string;
  readonly fileType: string;
  /** The URL as received (with its query: an observer may replay it). */
  readonly url: string;
  /** The bytes the device sent, or would have sent; undefined when it had no such file. */
  readonly body: Buffer | undefined;
  /** The TransferComplete FaultCode: 0 on success. */
  readonly faultCode: number;
}

export interface UploadOptions {
  readonly request: UploadArguments;
  /** The file for the Upload's FileType (upload-content.ts); undefined: the device has none. */
  readonly body: Buffer | undefined;
  /** PUT the file to the URL within these bounds; undefined: a simulated transfer. */
  readonly http: UploadLimits | undefined;
  /** Misbehaviour `failUploads`: fail with 9011 without contacting the URL. */
  readonly injectedFailure: boolean;
  readonly signal: AbortSignal;
}

/**
 * Carries out an Upload (TR-069 A.4.1.5) and returns the fault its TransferComplete reports
 * (A.3.3.2), undefined on success; it never throws. An injected failure is 9011 Upload failure
 * without contacting anything. A simulated Upload contacts nothing and fails (9011) only for a
 * URL containing "fail". A real one PUTs the file (put-file.ts: 9011, 9012, 9013), or fails
 * with 9011 when the device has no file of that FileType.
 */
export async function performUpload(options: UploadOptions): Promise<CpeFaultError | undefined> {
  const { request, body } = options;
  if (options.injectedFailure) return new CpeFaultError(9011, "injected upload failure");
  if (options.http === undefined) return simulatedUploadFault(request);
  if (body === undefined)
    return new CpeFaultError(9011, `no file of type "${request.fileType}" on this device`);
  try {
    await putFile({
      ...options.http,
      url: request.url,
      body,
      username: request.username,
      password: request.password,
      signal: options.signal,
    });
    return undefined;
  } catch (error) {
    if (error instanceof CpeFaultError) return error;
    return new CpeFaultError(9011, String(error), [], { cause: error });
  }
}

/** A simulated Upload contacts nothing; a URL containing "fail" fails with 9011. */
function simulatedUploadFault(request: UploadArguments): CpeFaultError | undefined {
  return request.url.includes("fail") ? new CpeFaultError(9011, request.url) : undefined;
}
