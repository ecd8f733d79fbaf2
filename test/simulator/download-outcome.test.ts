import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, it } from "node:test";
import type { DownloadArguments } from "../../functions/core/cwmp/index.ts";
import {
  type DownloadOptions,
  type DownloadOutcome,
  performDownload,
} from "../../functions/simulator/download-outcome.ts";
import { type FileServer, type FileServerOptions, startFileServer } from "./file-server.ts";

const image = "VERSION=3.1.4\nrest of the image\n";
const sha256 = createHash("sha256").update(image).digest("hex");

function download(url: string, overrides: Partial<DownloadArguments> = {}): DownloadArguments {
  return {
    commandKey: "fw",
    fileType: "1 Firmware Upgrade Image",
    url,
    username: "",
    password: "",
    fileSize: 0,
    targetFileName: "",
    delaySeconds: 0,
    successURL: "",
    failureURL: "",
    ...overrides,
  };
}

const faultCode = (outcome: DownloadOutcome): number | undefined =>
  outcome.kind === "failed" ? outcome.fault.faultCode : undefined;

describe("performDownload over HTTP (TR-069 A.3.2.8)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(options: Partial<FileServerOptions> = {}): Promise<FileServer> {
    const started = await startFileServer({
      files: {
        "/fw.bin": { body: image },
        "/meta.bin": { body: "no version line", headers: { "x-amz-meta-version": "4.0.0" } },
        "/fw-9.9.img": { body: "an image without a version line" },
        "/big.bin": { body: Buffer.alloc(4096) },
        "/signed.bin": { body: image, headers: { "x-amz-meta-sha256": sha256 } },
        "/tampered.bin": {
          body: image.replace("rest", "REST"),
          headers: { "x-amz-meta-sha256": sha256 },
        },
      },
      ...options,
    });
    cleanups.push(() => started.close());
    return started;
  }

  const run = (request: DownloadArguments, extra: Partial<DownloadOptions> = {}) =>
    performDownload({
      request,
      http: { timeoutMs: 5000 },
      failure: undefined,
      signal: new AbortController().signal,
      ...extra,
    });

  it("installs the version of the image's first line VERSION=<v> when FileSize matches", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/fw.bin"), { fileSize: image.length }));
    assert.deepEqual(outcome, { kind: "installed", version: "3.1.4" });
    assert.deepEqual(files.requests, ["/fw.bin"]);
  });

  it("checks the body against the x-amz-meta-sha256 header: 9018 when it differs", async () => {
    const files = await server();
    assert.deepEqual(await run(download(files.url("/signed.bin"))), {
      kind: "installed",
      version: "3.1.4",
    });
    const tampered = await run(download(files.url("/tampered.bin")));
    assert.equal(faultCode(tampered), 9018);
  });

  it("prefers the x-amz-meta-version header, and falls back to the file name", async () => {
    const files = await server();
    assert.deepEqual(await run(download(files.url("/meta.bin"))), {
      kind: "installed",
      version: "4.0.0",
    });
    assert.deepEqual(await run(download(files.url("/fw-9.9.img"))), {
      kind: "installed",
      version: "fw-9.9",
    });
  });

  it("installs no version for a file that is not a firmware image", async () => {
    const files = await server();
    const outcome = await run(
      download(files.url("/fw.bin"), { fileType: "3 Vendor Configuration File" }),
    );
    assert.deepEqual(outcome, { kind: "installed", version: undefined });
  });

  it("fails with 9018 when the size differs from FileSize", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/fw.bin"), { fileSize: image.length + 1 }));
    assert.equal(faultCode(outcome), 9018);
    assert.match(outcome.kind === "failed" ? outcome.fault.message : "", /FileSize says/);
  });

  it("checks the SHA-256 named in the URL fragment or query, and fails 9018 on a mismatch", async () => {
    const files = await server();
    const good = await run(download(`${files.url("/fw.bin")}#sha256=${sha256}`));
    const goodQuery = await run(download(`${files.url("/fw.bin")}?sha256=${sha256}`));
    const bad = await run(download(`${files.url("/fw.bin")}#sha256=${"0".repeat(64)}`));
    assert.deepEqual(good, { kind: "installed", version: "3.1.4" });
    assert.deepEqual(goodQuery, { kind: "installed", version: "3.1.4" });
    assert.equal(faultCode(bad), 9018);
    // The fragment never reaches the server (a presigned URL's signature stays valid).
    assert.ok(files.requests.every((path) => !path.includes("#")));
  });

  it("fails with 9016 and the HTTP status for a missing file", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/missing.bin")));
    assert.equal(faultCode(outcome), 9016);
    assert.match(outcome.kind === "failed" ? outcome.fault.message : "", /HTTP 404/);
  });

  it("fails with 9015 when no server listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    assert.equal(faultCode(await run(download(`http://127.0.0.1:${port}/fw.bin`))), 9015);
  });

  it("fails with 9017 for a file over the size limit", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/big.bin")), {
      http: { timeoutMs: 5000, maxBytes: 1024 },
    });
    assert.equal(faultCode(outcome), 9017);
  });

  it("follows a few redirects, and fails 9016 beyond the limit", async () => {
    const files = await server({ redirects: { "/a": "/b", "/b": "/fw.bin", "/loop": "/loop" } });
    assert.deepEqual(await run(download(files.url("/a"))), { kind: "installed", version: "3.1.4" });
    assert.equal(faultCode(await run(download(files.url("/loop")))), 9016);
  });

  it("answers a Digest challenge with the Download's credentials, 9012 when refused", async () => {
    const files = await server({ digestUsers: { cpe: "s3cret" } });
    const ok = await run(download(files.url("/fw.bin"), { username: "cpe", password: "s3cret" }));
    const refused = await run(download(files.url("/fw.bin"), { username: "cpe", password: "no" }));
    assert.deepEqual(ok, { kind: "installed", version: "3.1.4" });
    assert.equal(faultCode(refused), 9012);
  });

  it("corrupt-image: downloads, reports success, installs nothing", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/fw.bin")), { failure: "corrupt-image" });
    assert.deepEqual(outcome, { kind: "corrupt-image" });
    assert.deepEqual(files.requests, ["/fw.bin"]);
  });

  it("an injected fault fails with 9010 without contacting the server", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/fw.bin")), { failure: "fault" });
    assert.equal(faultCode(outcome), 9010);
    assert.deepEqual(files.requests, []);
  });

  it("a simulated download contacts nothing and takes the version from the file name", async () => {
    const files = await server();
    const outcome = await run(download(files.url("/fw-9.9.img")), { http: undefined });
    const failed = await run(download(files.url("/fail.bin")), { http: undefined });
    assert.deepEqual(outcome, { kind: "installed", version: "fw-9.9" });
    assert.equal(faultCode(failed), 9010);
    assert.deepEqual(files.requests, []);
  });
});
