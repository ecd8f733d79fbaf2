import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, it } from "node:test";
import type { UploadArguments } from "../../functions/core/cwmp/index.ts";
import { performUpload, type UploadOptions } from "../../functions/simulator/upload-outcome.ts";
import { type FileServer, type FileServerOptions, startFileServer } from "./file-server.ts";

const file = Buffer.from(
  "Device.DeviceInfo.SerialNumber=U1\nDevice.DeviceInfo.SoftwareVersion=1.0.0\n",
);

function upload(url: string, overrides: Partial<UploadArguments> = {}): UploadArguments {
  return {
    commandKey: "up",
    fileType: "1 Vendor Configuration File",
    url,
    username: "",
    password: "",
    delaySeconds: 0,
    ...overrides,
  };
}

describe("performUpload over HTTP (TR-069 A.4.1.5, faults of A.5.1)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(options: Partial<FileServerOptions> = {}): Promise<FileServer> {
    const started = await startFileServer({
      files: {},
      uploads: { "/up": 201, "/taken": 409, "/broken": 500, "/expired": 403 },
      ...options,
    });
    cleanups.push(() => started.close());
    return started;
  }

  /** A loopback server that accepts connections and never answers them. */
  async function silentServer(): Promise<string> {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    );
    return `http://127.0.0.1:${(silent.address() as AddressInfo).port}/up`;
  }

  const run = (request: UploadArguments, extra: Partial<UploadOptions> = {}) =>
    performUpload({
      request,
      body: file,
      http: { timeoutMs: 5000 },
      injectedFailure: false,
      signal: new AbortController().signal,
      ...extra,
    });

  it("PUTs the whole file with Content-Length; a 2xx is success (no fault)", async () => {
    // Prepare
    const files = await server();
    // Act
    const fault = await run(upload(`${files.url("/up")}?token=t`));
    // Assess
    assert.equal(fault, undefined);
    assert.equal(files.received.length, 1);
    assert.equal(files.received[0]?.contentLength, String(file.length));
    assert.ok(files.received[0]?.body.equals(file), "the server got the file's bytes");
    assert.deepEqual(files.requests, ["/up?token=t"], "the query (a presigned URL) is kept");
  });

  it("answers a Digest challenge with the Upload's credentials, 9012 when refused", async () => {
    // Prepare
    const files = await server({ digestUsers: { cpe: "s3cret" } });
    // Act
    const ok = await run(upload(files.url("/up"), { username: "cpe", password: "s3cret" }));
    const refused = await run(upload(files.url("/up"), { username: "cpe", password: "wrong" }));
    // Assess
    assert.equal(ok, undefined);
    assert.equal(refused?.faultCode, 9012);
    assert.equal(files.received.length, 1, "only the authenticated PUT was stored");
  });

  it("fails 9012 on 403 (an expired presigned URL or upload token)", async () => {
    const files = await server();
    const fault = await run(upload(`${files.url("/expired")}?token=secret-token`));
    assert.equal(fault?.faultCode, 9012);
    assert.doesNotMatch(fault?.message ?? "", /secret-token/, "the token is never reported");
  });

  it("fails 9011 Upload failure with the status for another non-2xx answer", async () => {
    const files = await server();
    const taken = await run(upload(files.url("/taken")));
    const broken = await run(upload(files.url("/broken")));
    assert.equal(taken?.faultCode, 9011);
    assert.match(
      taken?.message ?? "",
      /^Upload failure: HTTP 409 from http:\/\/127\.0\.0\.1:\d+\/taken$/,
    );
    assert.equal(broken?.faultCode, 9011);
  });

  it("fails 9011 when no server listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    assert.equal((await run(upload(`http://127.0.0.1:${port}/up`)))?.faultCode, 9011);
  });

  it("fails 9011 when the server does not answer in time", async () => {
    const url = await silentServer();
    const fault = await run(upload(url), { http: { timeoutMs: 200 } });
    assert.equal(fault?.faultCode, 9011);
  });

  it("fails 9013 for a scheme other than http/https, contacting nothing", async () => {
    const fault = await run(upload("ftp://127.0.0.1/up"));
    assert.equal(fault?.faultCode, 9013);
  });

  it("fails 9011 for a FileType the device has no file for, contacting nothing", async () => {
    const files = await server();
    const fault = await run(upload(files.url("/up"), { fileType: "X 00D09E Core" }), {
      body: undefined,
    });
    assert.equal(fault?.faultCode, 9011);
    assert.deepEqual(files.requests, []);
  });

  it("an injected failure fails 9011 without contacting the server", async () => {
    const files = await server();
    const fault = await run(upload(files.url("/up")), { injectedFailure: true });
    assert.equal(fault?.faultCode, 9011);
    assert.deepEqual(files.requests, []);
  });

  it("a simulated upload contacts nothing, and fails 9011 only for a URL containing fail", async () => {
    const files = await server();
    const ok = await run(upload(files.url("/up")), { http: undefined });
    const failed = await run(upload(files.url("/fail")), { http: undefined });
    assert.equal(ok, undefined);
    assert.equal(failed?.faultCode, 9011);
    assert.deepEqual(files.requests, []);
  });
});
