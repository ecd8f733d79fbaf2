import assert from "node:assert/strict";
import { Socket } from "node:net";
import { describe, it } from "node:test";
import { certificateDeviceId } from "../../functions/core/auth/client-certificate.ts";
import {
  rfc4514,
  verifiedPeerCertificate,
} from "../../functions/local/verified-peer-certificate.ts";

describe("verifiedPeerCertificate", () => {
  it("gives nothing for a plain TCP socket", () => {
    // Act + Assess
    assert.equal(verifiedPeerCertificate(new Socket()), undefined);
  });
});

describe("rfc4514", () => {
  it("puts the most specific RDN first and escapes what RFC 4514 section 2.4 asks", () => {
    // Act
    const dn = rfc4514({ C: "FR", O: "Acme, Inc", CN: "00D09E-SIM%2DHGW-S1" } as never);

    // Assess
    assert.equal(dn, "CN=00D09E-SIM%2DHGW-S1,O=Acme\\, Inc,C=FR");
    assert.equal(
      certificateDeviceId({ subject: dn, serialNumber: "01", issuer: "" }),
      "00D09E-SIM%2DHGW-S1",
    );
  });
});
