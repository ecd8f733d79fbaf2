import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  buildAuthorization,
  buildBasicAuthorization,
  type DigestChallenge,
  InvalidNonceCountError,
  parseAuthorization,
  parseChallenge,
} from "../../../functions/core/http-digest/index.ts";

function digestOf(header: string): DigestChallenge {
  const [challenge] = parseChallenge(header);
  assert.equal(challenge?.scheme, "Digest");
  return challenge as DigestChallenge;
}

// RFC 7616 section 3.9.1 example inputs.
const rfc7616 = {
  header: (algorithm: string) =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  username: "Mufasa",
  password: "Circle of Life",
  method: "GET",
  uri: "/dir/index.html",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  nc: 1,
};

describe("buildAuthorization", () => {
  const examples = [
    ["MD5", "8ca523f5e9506fed4657c9700eebdbec"],
    ["SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"],
  ] as const;
  for (const [algorithm, expected] of examples) {
    it(`matches the RFC 7616 section 3.9.1 ${algorithm} example`, () => {
      // Prepare
      const challenge = digestOf(rfc7616.header(algorithm));

      // Act
      const header = buildAuthorization({ ...rfc7616, challenge });

      // Assess
      const credentials = parseAuthorization(header);
      assert.equal(credentials.response, expected);
      assert.equal(credentials.qop, "auth");
      assert.equal(credentials.nc, "00000001");
      assert.equal(credentials.cnonce, rfc7616.cnonce);
      assert.equal(credentials.algorithm, algorithm);
      assert.equal(credentials.opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
      assert.equal(credentials.uri, "/dir/index.html");
      assert.equal(credentials.username, "Mufasa");
    });
  }

  it("matches the RFC 2617 section 3.5 example", () => {
    // Prepare
    const challenge = digestOf(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );

    // Act
    const header = buildAuthorization({
      challenge,
      username: "Mufasa",
      password: "Circle Of Life",
      method: "GET",
      uri: "/dir/index.html",
      cnonce: "0a4f113b",
      nc: 1,
    });

    // Assess
    assert.equal(parseAuthorization(header).response, "6629fae49393a05397450978507c4ef1");
  });

  it("uses the RFC 2069 form without qop, nc and cnonce (RFC 2069 section 2.4 example)", () => {
    // Prepare
    const challenge = digestOf(
      'Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );

    // Act
    const header = buildAuthorization({
      challenge,
      username: "Mufasa",
      password: "CircleOfLife",
      method: "GET",
      uri: "/dir/index.html",
      cnonce: "unused",
      nc: 1,
    });

    // Assess
    const credentials = parseAuthorization(header);
    assert.equal(credentials.response, "1949323746fe6a43ef61f9606e7febea");
    assert.equal(credentials.qop, undefined);
    assert.equal(credentials.nc, undefined);
    assert.equal(credentials.cnonce, undefined);
  });

  it("folds nonce and cnonce into A1 for -sess algorithms (RFC 7616 section 3.4.2)", () => {
    // Prepare
    const challenge = digestOf('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256-sess');
    const h = (text: string) => createHash("sha256").update(text).digest("hex");
    const ha1 = h(`${h("u:r:p")}:n:c`);
    const expected = h(`${ha1}:n:0000000a:c:auth:${h("GET:/cr")}`);

    // Act
    const header = buildAuthorization({
      challenge,
      username: "u",
      password: "p",
      method: "GET",
      uri: "/cr",
      cnonce: "c",
      nc: 10,
    });

    // Assess
    assert.equal(parseAuthorization(header).response, expected);
    assert.equal(parseAuthorization(header).nc, "0000000a");
  });

  it("hashes the empty body when only auth-int is offered", () => {
    // Prepare
    const challenge = digestOf('Digest realm="r", nonce="n", qop="auth-int"');
    const h = (text: string) => createHash("md5").update(text).digest("hex");
    const expected = h(`${h("u:r:p")}:n:00000001:c:auth-int:${h(`GET:/cr:${h("")}`)}`);

    // Act
    const header = buildAuthorization({
      challenge,
      username: "u",
      password: "p",
      method: "GET",
      uri: "/cr",
      cnonce: "c",
      nc: 1,
    });

    // Assess
    assert.equal(parseAuthorization(header).qop, "auth-int");
    assert.equal(parseAuthorization(header).response, expected);
  });

  it("escapes quotes in the username and never puts the password in the header", () => {
    // Prepare
    const challenge = digestOf('Digest realm="r", nonce="n", qop="auth"');

    // Act
    const header = buildAuthorization({
      challenge,
      username: 'we"ird\\name',
      password: "s3cret-password",
      method: "GET",
      uri: "/",
      cnonce: "c",
      nc: 1,
    });

    // Assess
    assert.equal(parseAuthorization(header).username, 'we"ird\\name');
    assert.equal(header.includes("s3cret-password"), false);
  });

  for (const nc of [0, -1, 1.5, 0x1_0000_0000]) {
    it(`rejects nonce count ${nc}`, () => {
      // Act + Assess
      assert.throws(
        () =>
          buildAuthorization({
            challenge: digestOf('Digest realm="r", nonce="n"'),
            username: "u",
            password: "p",
            method: "GET",
            uri: "/",
            cnonce: "c",
            nc,
          }),
        InvalidNonceCountError,
      );
    });
  }
});

describe("buildBasicAuthorization", () => {
  it("encodes user-id:password as UTF-8 base64 (RFC 7617 section 2)", () => {
    // Act
    const header = buildBasicAuthorization("Aladdin", "open sesame");

    // Assess
    assert.equal(header, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  });
});
