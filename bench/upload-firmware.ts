import { createHash } from "node:crypto";
import { type BenchApi, expectStatus } from "./bench-api.ts";

/** A firmware image uploaded and completed through the API: what a campaign needs of it. */
export interface UploadedFirmware {
  readonly id: string;
  readonly version: string;
  readonly size: number;
  readonly sha256: string;
  /** Where CPEs GET it (GET /files/{id} `url`): the local file server. */
  readonly url: string;
}

export class FirmwareUploadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FirmwareUploadError";
  }
}

interface CreatedFile {
  readonly id: string;
  readonly upload: {
    readonly url: string;
    readonly method: string;
    readonly headers?: Record<string, string>;
  };
}

/**
 * A firmware image of `bytes` bytes uploaded as an operator does it (README "Files"): POST
 * /files with its metadata, PUT the bytes to the answer's upload URL with its headers, POST
 * /files/{id}/complete. The image's first line is `VERSION=<version>`, which the simulator
 * installs when the server sends no `x-amz-meta-version` header (firmware-image.ts).
 */
export async function uploadFirmware(
  api: BenchApi,
  options: { readonly version: string; readonly bytes: number },
): Promise<UploadedFirmware> {
  const header = Buffer.from(`VERSION=${options.version}\n`);
  const image = Buffer.alloc(Math.max(options.bytes, header.length), 0x5a);
  header.copy(image);
  const sha256 = createHash("sha256").update(image).digest("hex");
  const created = await expectStatus<CreatedFile>(api, [201], "POST", "/files", {
    name: `bench-fw-${options.version}.bin`,
    fileType: "1 Firmware Upgrade Image",
    version: options.version,
    size: image.length,
    sha256,
  });
  const put = await fetch(created.upload.url, {
    method: created.upload.method,
    ...(created.upload.headers && { headers: created.upload.headers }),
    body: image,
  });
  await put.text();
  if (!put.ok) throw new FirmwareUploadError(`upload of ${created.id}: HTTP ${put.status}`);
  const path = `/files/${created.id}`;
  await expectStatus(api, [200], "POST", `${path}/complete`);
  const shown = await expectStatus<{ url?: string }>(api, [200], "GET", path);
  if (shown.url === undefined) throw new FirmwareUploadError(`GET ${path} gave no url`);
  return { id: created.id, version: options.version, size: image.length, sha256, url: shown.url };
}
