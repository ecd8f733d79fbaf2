import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createFilesS3Client,
  createS3FileContent,
} from "../../../functions/adapters/files/s3-file-content.ts";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";

/**
 * Presigning is local computation (SigV4 over fixed credentials): no request leaves the
 * machine. These check the URLs' shape only, including what the S3 emulator cannot check (which
 * headers are signed); s3-file-content-on-emulator.test.ts uses them over HTTP.
 */
/** S3 answering every request with `status` from a stub handler (no socket is opened). */
const answering = (status: number) => ({
  handle: async () => ({
    response: { statusCode: status, headers: {}, body: undefined },
  }),
});

function content(requestHandler?: ReturnType<typeof answering>) {
  const client = createFilesS3Client({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
    ...(requestHandler && { requestHandler }),
  });
  return createS3FileContent({
    client,
    bucket: "acs-files-test",
    clock: { now: () => 1_800_000_000_000 },
    uploadLifetimeSeconds: 900,
  });
}

const sha256 = "a".repeat(64);

describe("S3 file content (presigning, offline)", () => {
  it("presigns a PUT of the file's key for the upload lifetime, with the declared checksum as a signed header", async () => {
    // Act
    const target = await content().uploadTarget("01KBX0000000000000000000AA", { sha256 });

    // Assess
    const url = new URL(target.url);
    assert.equal(url.host, "acs-files-test.s3.eu-west-1.amazonaws.com");
    assert.equal(url.pathname, "/files/01KBX0000000000000000000AA");
    assert.equal(url.searchParams.get("X-Amz-Expires"), "900");
    assert.match(url.searchParams.get("X-Amz-SignedHeaders") ?? "", /x-amz-checksum-sha256/);
    assert.equal(target.method, "PUT");
    assert.deepEqual(target.headers, {
      "x-amz-checksum-sha256": Buffer.from(sha256, "hex").toString("base64"),
      "x-amz-meta-sha256": sha256,
    });
    assert.equal(target.expiresAt, 1_800_000_000_000 + 900_000);
  });

  it("signs the version and SHA-256 metadata as required headers, never in the query", async () => {
    // Act
    const target = await content().uploadTarget("01KBX0000000000000000000AA", {
      sha256,
      version: "2.0.1",
    });

    // Assess
    const url = new URL(target.url);
    const signed = (url.searchParams.get("X-Amz-SignedHeaders") ?? "").split(";");
    assert.ok(signed.includes("x-amz-meta-version"), signed.join(";"));
    assert.ok(signed.includes("x-amz-meta-sha256"), signed.join(";"));
    assert.equal(url.searchParams.get("x-amz-meta-version"), null);
    assert.equal(target.headers["x-amz-meta-version"], "2.0.1");
    assert.equal(target.headers["x-amz-meta-sha256"], sha256);
  });

  it("presigns a PUT without checksum header when none was declared", async () => {
    // Act
    const target = await content().uploadTarget("01KBX0000000000000000000AA", {});

    // Assess
    assert.deepEqual(target.headers, {});
    // An SDK default checksum of the empty body would make S3 refuse the real bytes.
    assert.doesNotMatch(target.url, /x-amz-checksum-crc32|x-amz-sdk-checksum-algorithm/i);
    assert.doesNotMatch(
      new URL(target.url).searchParams.get("X-Amz-SignedHeaders") ?? "",
      /checksum/,
    );
  });

  it("presigns a GET bounded to the asked lifetime, and to S3's 7-day maximum", async () => {
    // Act
    const hour = new URL(
      await content().downloadUrl("01KBX0000000000000000000AA", { expiresInSeconds: 3600 }),
    );
    const month = new URL(
      await content().downloadUrl("01KBX0000000000000000000AA", { expiresInSeconds: 30 * 86_400 }),
    );

    // Assess
    assert.equal(hour.pathname, "/files/01KBX0000000000000000000AA");
    assert.equal(hour.searchParams.get("X-Amz-Expires"), "3600");
    assert.equal(month.searchParams.get("X-Amz-Expires"), String(7 * 86_400));
  });

  it("answers a missing object as undefined and a failing S3 as StoreUnavailableError", async () => {
    // Act
    const missing = await content(answering(404)).head("01KBX0000000000000000000AA");
    const failing = content(answering(500)).head("01KBX0000000000000000000AA");

    // Assess
    assert.equal(missing, undefined);
    await assert.rejects(failing, StoreUnavailableError);
  });
});
