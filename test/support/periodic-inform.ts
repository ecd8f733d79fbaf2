import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";

const codec = createCwmpCodec();

/**
 * The body of a plain `2 PERIODIC` Inform (TR-069 A.3.3.1) from device 00D09E-HGW-<serial>,
 * as the authentication tests send it: nothing in it matters but the device's identity.
 */
export function periodicInformBody(serial: string) {
  return {
    method: "Inform" as const,
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: [{ eventCode: "2 PERIODIC", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-11-24T10:00:00Z",
    retryCount: 0,
    parameterList: [],
  };
}

/** That Inform as the SOAP envelope a CPE posts, UTF-8 encoded. */
export function periodicInformBytes(serial: string): Uint8Array {
  return new TextEncoder().encode(
    codec.encodeCpeMessage({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      header: { id: "1" },
      body: periodicInformBody(serial),
    }),
  );
}
