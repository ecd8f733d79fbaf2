import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { createCwmpEndpoint } from "../../functions/handlers/cwmp-handler.ts";
import { type CwmpHttpHead, textResponse } from "../../functions/services/cwmp-http.ts";
import type { CwmpSessionService } from "../../functions/services/cwmp-session-service.ts";

/** An event as the local mutual-TLS listener builds it, the verified certificate in requestContext. */
const event = {
  version: "2.0",
  rawPath: "/",
  headers: {},
  requestContext: {
    http: { method: "POST", sourceIp: "127.0.0.1" },
    authentication: {
      clientCert: {
        clientCertPem: "",
        subjectDN: "CN=00D09E-HGW-S1",
        issuerDN: "CN=Test CA",
        serialNumber: "0A",
        validity: { notBefore: "", notAfter: "" },
      },
    },
  },
} as unknown as APIGatewayProxyEventV2;

function recordingService(seen: CwmpHttpHead[]): CwmpSessionService {
  return {
    admit: async (head: CwmpHttpHead) => {
      seen.push(head);
      return { kind: "refused", response: textResponse(401, "no") };
    },
  } as unknown as CwmpSessionService;
}

describe("createCwmpEndpoint and client certificates", () => {
  it("ignores requestContext.authentication unless its listener verified certificates", async () => {
    // Prepare
    const seen: CwmpHttpHead[] = [];

    // Act
    await createCwmpEndpoint(recordingService(seen)).admit(event);

    // Assess
    assert.equal(seen[0]?.clientCertificate, undefined);
  });

  it("passes the verified certificate on for the mutual-TLS listener", async () => {
    // Prepare
    const seen: CwmpHttpHead[] = [];

    // Act
    await createCwmpEndpoint(recordingService(seen), { verifiedClientCertificates: true }).admit(
      event,
    );

    // Assess
    assert.deepEqual(seen[0]?.clientCertificate, {
      subject: "CN=00D09E-HGW-S1",
      serialNumber: "0A",
      issuer: "CN=Test CA",
    });
  });
});
