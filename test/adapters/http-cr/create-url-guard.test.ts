import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createUrlGuard,
  InvalidCidrError,
  InvalidPortRangeError,
  parsePortRange,
  type ResolvedAddress,
} from "../../../functions/adapters/http-cr/index.ts";

// A fake resolver: names under .test map to fixed answers, so no real DNS is used.
const zone: Readonly<Record<string, readonly ResolvedAddress[]>> = {
  "cpe.test": [{ address: "10.1.2.3", family: 4 }],
  "rebind.test": [
    { address: "10.1.2.3", family: 4 },
    { address: "127.0.0.1", family: 4 },
  ],
  "v6.test": [{ address: "2001:db8::5", family: 6 }],
  "meta.test": [{ address: "169.254.169.254", family: 4 }],
  "split.test": [
    { address: "10.1.2.3", family: 4 },
    { address: "192.168.7.7", family: 4 },
  ],
};
const resolve = async (hostname: string) => {
  const answer = zone[hostname];
  if (answer === undefined) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return answer;
};

describe("createUrlGuard", () => {
  const refused = [
    ["ftp://10.0.0.1/", "unsupported-scheme"],
    ["file:///etc/passwd", "unsupported-scheme"],
    ["gopher://10.0.0.1/", "unsupported-scheme"],
    ["not a url", "invalid-url"],
    ["http://user:pw@10.0.0.1/", "userinfo"],
    ["http://user@10.0.0.1/", "userinfo"],
    ["http://127.0.0.1:7547/", "loopback"],
    ["http://127.8.9.10/", "loopback"],
    ["http://2130706433/", "loopback"], // decimal form, normalised by the URL parser
    ["http://0x7f.1/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://[::]/", "unspecified"],
    ["http://169.254.1.1/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://[febf::1]/", "link-local"],
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://[::ffff:169.254.169.254]/", "metadata"],
    ["http://[fd00:ec2::254]/", "metadata"],
    ["http://100.100.100.200/", "metadata"],
    ["http://224.0.0.1/", "multicast"],
    ["http://239.255.255.250/", "multicast"],
    ["http://[ff02::1]/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://240.0.0.1/", "reserved"],
    ["http://meta.test:7547/", "metadata"],
    ["http://rebind.test/", "loopback"],
  ] as const;
  for (const [url, reason] of refused) {
    it(`refuses ${url} (${reason})`, async () => {
      // Prepare
      const guard = createUrlGuard({ resolve });

      // Act
      const decision = await guard.check(url);

      // Assess
      assert.deepEqual(decision, { kind: "refused", reason });
    });
  }

  const allowed = [
    ["http://10.20.30.40:7547/cr", "10.20.30.40", 4],
    ["http://172.16.0.1/", "172.16.0.1", 4],
    ["http://172.31.255.254/", "172.31.255.254", 4],
    ["http://192.168.1.1:30005/", "192.168.1.1", 4],
    ["http://100.64.0.1/", "100.64.0.1", 4],
    ["http://100.127.255.1/", "100.127.255.1", 4],
    ["https://203.0.113.7/", "203.0.113.7", 4],
    ["http://169.255.0.1/", "169.255.0.1", 4],
    ["http://[fd12:3456::1]/", "fd12:3456::1", 6],
    ["http://[fec0::1]/", "fec0::1", 6],
    ["http://[2001:db8::1]:7547/", "2001:db8::1", 6],
    ["http://cpe.test:7547/x?y=1", "10.1.2.3", 4],
    ["http://v6.test/", "2001:db8::5", 6],
  ] as const;
  for (const [url, address, family] of allowed) {
    it(`allows ${url}, pinned to ${address}`, async () => {
      // Prepare
      const guard = createUrlGuard({ resolve });

      // Act
      const decision = await guard.check(url);

      // Assess
      assert.equal(decision.kind, "allowed");
      assert.equal(decision.kind === "allowed" && decision.address, address);
      assert.equal(decision.kind === "allowed" && decision.family, family);
      assert.equal(decision.kind === "allowed" && decision.url.href, new URL(url).href);
    });
  }

  it("reports an unresolvable host separately from a refusal", async () => {
    // Prepare
    const guard = createUrlGuard({ resolve });

    // Act
    const decision = await guard.check("http://nxdomain.test/");

    // Assess
    assert.deepEqual(decision, { kind: "unresolvable" });
  });

  it("lets allowCidrs override address refusals, but not scheme or userinfo ones", async () => {
    // Prepare
    const guard = createUrlGuard({ allowCidrs: ["127.0.0.1/32", "::1"], resolve });

    // Act
    const loopback = await guard.check("http://127.0.0.1:8080/cr");
    const mapped = await guard.check("http://[::ffff:127.0.0.1]/");
    const v6 = await guard.check("http://[::1]/");
    const other = await guard.check("http://127.0.0.2/");
    const userinfo = await guard.check("http://u:p@127.0.0.1/");

    // Assess
    assert.equal(loopback.kind, "allowed");
    assert.equal(mapped.kind, "allowed");
    assert.equal(v6.kind, "allowed");
    assert.deepEqual(other, { kind: "refused", reason: "loopback" });
    assert.deepEqual(userinfo, { kind: "refused", reason: "userinfo" });
  });

  it("resolves localhost with the system resolver and refuses it", async () => {
    // Prepare
    const guard = createUrlGuard();

    // Act
    const decision = await guard.check("http://localhost:7547/");

    // Assess
    assert.deepEqual(decision, { kind: "refused", reason: "loopback" });
  });

  for (const cidr of ["10.0.0.0/33", "banana", "10.0.0.0/8/1", "::1/129", "1.2.3.4/x"]) {
    it(`rejects allowCidrs entry ${cidr}`, () => {
      // Act + Assess
      assert.throws(() => createUrlGuard({ allowCidrs: [cidr] }), InvalidCidrError);
    });
  }

  describe("restricted to the operator's ports and networks", () => {
    const restricted = () =>
      createUrlGuard({
        allowedPorts: [parsePortRange("7547"), parsePortRange("30000-30010")],
        allowedNetworks: ["10.0.0.0/8", "2001:db8::/32"],
        resolve,
      });

    const cases = [
      ["http://10.20.30.40:7547/", "allowed"],
      ["http://10.20.30.40:30000/", "allowed"],
      ["http://10.20.30.40:30010/", "allowed"],
      ["http://[2001:db8::1]:7547/", "allowed"],
      ["http://[::ffff:10.1.1.1]:7547/", "allowed"],
      ["http://cpe.test:7547/", "allowed"],
      ["http://10.20.30.40:30011/", "port-not-allowed"],
      ["http://10.20.30.40/", "port-not-allowed"], // the scheme's default, 80
      ["https://10.20.30.40/", "port-not-allowed"], // 443
      ["http://192.168.1.1:7547/", "network-not-allowed"],
      ["http://203.0.113.7:7547/", "network-not-allowed"],
      ["http://split.test:7547/", "network-not-allowed"], // one address outside is enough
      ["http://127.0.0.1:7547/", "loopback"], // fixed refusals still win
      ["http://meta.test:7547/", "metadata"],
    ] as const;
    for (const [url, expected] of cases) {
      it(`${expected === "allowed" ? "allows" : "refuses"} ${url}`, async () => {
        // Prepare
        const guard = restricted();

        // Act
        const decision = await guard.check(url);

        // Assess
        if (expected === "allowed") assert.equal(decision.kind, "allowed");
        else assert.deepEqual(decision, { kind: "refused", reason: expected });
      });
    }

    it("counts the default port of the scheme when 80 or 443 is allowed", async () => {
      // Prepare
      const guard = createUrlGuard({ allowedPorts: [parsePortRange("443")], resolve });

      // Act
      const https = await guard.check("https://10.1.1.1/");
      const http = await guard.check("http://10.1.1.1/");

      // Assess
      assert.equal(https.kind, "allowed");
      assert.deepEqual(http, { kind: "refused", reason: "port-not-allowed" });
    });

    it("rejects allowedNetworks that are not CIDRs", () => {
      // Act + Assess
      assert.throws(() => createUrlGuard({ allowedNetworks: ["10.0.0.0/33"] }), InvalidCidrError);
    });
  });

  describe("parsePortRange", () => {
    it("reads a port and an inclusive range", () => {
      assert.deepEqual(parsePortRange("7547"), { from: 7547, to: 7547 });
      assert.deepEqual(parsePortRange(" 1-65535 "), { from: 1, to: 65_535 });
    });

    for (const entry of ["0", "65536", "80-70", "a", "80-", "-80", "1-2-3", ""]) {
      it(`rejects ${JSON.stringify(entry)}`, () => {
        assert.throws(() => parsePortRange(entry), InvalidPortRangeError);
      });
    }
  });
});
