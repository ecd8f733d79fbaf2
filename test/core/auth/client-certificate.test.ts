import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  certificateDeviceId,
  distinguishedNameAttribute,
} from "../../../functions/core/auth/client-certificate.ts";

const certificate = (subject: string) => ({ subject, serialNumber: "01", issuer: "CN=CA" });

describe("certificateDeviceId (subject CN = OUI-ProductClass-SerialNumber)", () => {
  it("takes the CN wherever it stands in the subject", () => {
    // Act
    const first = certificateDeviceId(certificate("CN=00D09E-HGW-S1,O=Op,C=DE"));
    const last = certificateDeviceId(certificate("C=DE,O=Op,CN=00D09E-HGW-S2"));

    // Assess
    assert.equal(first, "00D09E-HGW-S1");
    assert.equal(last, "00D09E-HGW-S2");
  });

  it("undoes RFC 4514 escapes, so an escaped comma stays inside the value", () => {
    // Act
    const value = distinguishedNameAttribute("O=Acme\\, Inc.,CN=00D09E-H\\47W-S1", "O");
    const cn = distinguishedNameAttribute("O=Acme\\, Inc.,CN=00D09E-H\\47W-S1", "cn");

    // Assess
    assert.equal(value, "Acme, Inc.");
    assert.equal(cn, "00D09E-HGW-S1");
  });

  it("names no device for a subject without CN", () => {
    // Act
    const id = certificateDeviceId(certificate("O=Op,C=DE"));

    // Assess
    assert.equal(id, undefined);
  });
});
