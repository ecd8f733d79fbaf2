import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { createLocalFileContent } from "../../functions/adapters/files/local-file-content.ts";
import { createUploadTokens } from "../../functions/adapters/files/upload-token.ts";
import { silentLogger } from "../../functions/adapters/log/silent-logger.ts";
import { createMemoryFileStore } from "../../functions/adapters/memory/memory-file-store.ts";
import { type FileServer, startFileServer } from "../../functions/local/file-server.ts";
import type { FileStore } from "../../functions/ports.ts";

const id = "01KBX0000000000000000000AA";
const bytes = Buffer.from("a firmware image, small enough for a test");
const sha256 = createHash("sha256").update(bytes).digest("hex");

describe("local file server", () => {
  let server: FileServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    server = undefined;
  });

  async function start(options: { maxBytes?: number; metadata?: Pick<FileStore, "getFile"> } = {}) {
    dir = await mkdtemp(join(tmpdir(), "file-server-test-"));
    let now = 1_800_000_000_000;
    const clock = { now: () => now };
    const tokens = createUploadTokens({ key: Buffer.alloc(32, 7) });
    server = await startFileServer({
      host: "127.0.0.1",
      port: 0,
      dir,
      tokens,
      clock,
      maxBytes: options.maxBytes ?? 1024,
      logger: silentLogger,
      ...(options.metadata && { metadata: options.metadata }),
    });
    const content = createLocalFileContent({ dir, baseUrl: server.url, tokens, clock });
    const target = await content.uploadTarget(id, {});
    const advance = (ms: number) => {
      now += ms;
    };
    return { content, target, dir, advance };
  }

  it("stores an upload with a valid token, computing its SHA-256, and streams it back", async () => {
    // Prepare
    const { content, target } = await start();

    // Act
    const put = await fetch(target.url, { method: "PUT", body: bytes });
    const answer = await put.json();
    const got = await fetch(await content.downloadUrl(id, { expiresInSeconds: 60 }));
    const body = Buffer.from(await got.arrayBuffer());

    // Assess
    assert.equal(put.status, 201);
    assert.deepEqual(answer, { size: bytes.length, sha256 });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get("content-length"), String(bytes.length));
    assert.deepEqual(body, bytes);
    assert.deepEqual(await content.head(id), { size: bytes.length, sha256 });
    assert.equal(got.headers.get("x-amz-meta-version"), null, "no metadata store, no headers");
  });

  it("answers a GET with the file's version and SHA-256 as S3 metadata headers", async () => {
    // Prepare
    const metadata = createMemoryFileStore();
    await metadata.createFile({
      id,
      name: "image.bin",
      fileType: "1 Firmware Upgrade Image",
      version: "2.0.1",
      size: bytes.length,
      sha256,
      createdAt: 1,
      state: "ready",
    });
    const { content, target } = await start({ metadata });
    await fetch(target.url, { method: "PUT", body: bytes });

    // Act
    const got = await fetch(await content.downloadUrl(id, { expiresInSeconds: 60 }));
    await got.arrayBuffer();

    // Assess
    assert.equal(got.headers.get("x-amz-meta-version"), "2.0.1");
    assert.equal(got.headers.get("x-amz-meta-sha256"), sha256);
  });

  it("refuses a wrong token with 403 and stores nothing", async () => {
    // Prepare
    const { target, dir } = await start();
    const url = new URL(target.url);
    url.searchParams.set("token", `${Date.now() + 60_000}.${"A".repeat(43)}`);

    // Act
    const put = await fetch(url, { method: "PUT", body: bytes });

    // Assess
    assert.equal(put.status, 403);
    assert.deepEqual(await readdir(dir), []);
  });

  it("refuses another file's token and an expired token with 403", async () => {
    // Prepare
    const { target, advance } = await start();
    const other = target.url.replace(id, "01KBX0000000000000000000BB");

    // Act
    const wrongFile = await fetch(other, { method: "PUT", body: bytes });
    advance(3_600_001);
    const expired = await fetch(target.url, { method: "PUT", body: bytes });

    // Assess
    assert.equal(wrongFile.status, 403);
    assert.equal(expired.status, 403);
  });

  it("refuses an upload larger than the bound with 413, declared or streamed", async () => {
    // Prepare
    const { target, dir } = await start({ maxBytes: 16 });
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });

    // Act
    const declared = await fetch(target.url, { method: "PUT", body: bytes });
    const chunked = await fetch(target.url, {
      method: "PUT",
      body: streamed,
      duplex: "half",
    } as RequestInit);

    // Assess
    assert.equal(declared.status, 413);
    assert.equal(chunked.status, 413);
    assert.deepEqual(await readdir(dir), [], "no partial file is left behind");
  });

  it("refuses a second upload to the same file with 409, keeping the first", async () => {
    // Prepare
    const { target, content } = await start();
    await (await fetch(target.url, { method: "PUT", body: bytes })).text();

    // Act
    const again = await fetch(target.url, { method: "PUT", body: Buffer.from("other") });

    // Assess
    assert.equal(again.status, 409);
    assert.deepEqual(await content.head(id), { size: bytes.length, sha256 });
  });

  it("answers 404 for a missing file and for a path that is not a file id", async () => {
    // Prepare
    const { content } = await start();
    const url = await content.downloadUrl(id, { expiresInSeconds: 60 });

    // Act
    const missing = await fetch(url);
    const traversal = await fetch(new URL("files/..%2Fsecrets.key", server?.url));

    // Assess
    assert.equal(missing.status, 404);
    assert.equal(traversal.status, 404);
  });
});
