import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  canonicalHeaderName,
  canonicalHeaders,
} from "../../functions/handlers/canonical-header-name.ts";

describe("canonicalHeaderName", () => {
  it("capitalises each dash-separated word", () => {
    // Act
    const names = ["content-type", "RETRY-AFTER", "set-cookie", "content-length", "host"].map(
      canonicalHeaderName,
    );

    // Assess
    assert.deepEqual(names, [
      "Content-Type",
      "Retry-After",
      "Set-Cookie",
      "Content-Length",
      "Host",
    ]);
  });

  it("uses the registry spelling of irregular names", () => {
    // Act
    const names = ["www-authenticate", "etag", "soapaction", "content-md5"].map(
      canonicalHeaderName,
    );

    // Assess
    assert.deepEqual(names, ["WWW-Authenticate", "ETag", "SOAPAction", "Content-MD5"]);
  });
});

describe("canonicalHeaders", () => {
  it("renames every key and keeps the values", () => {
    // Act
    const headers = canonicalHeaders({ "content-type": "text/xml", "retry-after": 5 });

    // Assess
    assert.deepEqual(headers, { "Content-Type": "text/xml", "Retry-After": 5 });
  });
});
