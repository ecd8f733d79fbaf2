import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCookieJar } from "../../functions/simulator/cookie-jar.ts";

const acs = new URL("http://127.0.0.1:7547/cwmp/acs");
const jar = () => createCookieJar({ now: () => Date.UTC(2026, 0, 1) });

describe("cookie jar (RFC 6265 subset)", () => {
  it("sends back what the ACS set, without attributes, longer paths first", () => {
    const cookies = jar();
    // "node" has no Path: its default path is /cwmp (section 5.1.4), longer than "/".
    cookies.store(["session=abc; Path=/; HttpOnly", "node=7"], acs);
    assert.equal(cookies.header(acs), "node=7; session=abc");
  });

  it("replaces a cookie of the same name and path", () => {
    const cookies = jar();
    cookies.store(["session=abc; Path=/"], acs);
    cookies.store(["session=def; Path=/"], acs);
    assert.equal(cookies.header(acs), "session=def");
  });

  it("deletes on Max-Age=0 and on an Expires in the past", () => {
    const cookies = jar();
    cookies.store(["a=1; Path=/", "b=2; Path=/"], acs);
    cookies.store(
      ["a=; Path=/; Max-Age=0", "b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
      acs,
    );
    assert.equal(cookies.header(acs), undefined);
  });

  it("sends a cookie only under its path, and a Secure one only over https", () => {
    const cookies = jar();
    cookies.store(["p=1; Path=/other", "s=1; Path=/; Secure", "d=1"], acs);
    assert.equal(cookies.header(acs), "d=1");
    assert.equal(cookies.header(new URL("http://127.0.0.1:7547/other/x")), "p=1");
  });

  it("ignores lines without a name", () => {
    const cookies = jar();
    cookies.store(["=nameless", "novalue"], acs);
    assert.equal(cookies.header(acs), undefined);
  });
});
