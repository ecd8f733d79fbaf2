import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
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

/** The same Inform with other events (e.g. `["0 BOOTSTRAP", "1 BOOT"]`), as a CpeMessage. */
export function informWithEvents(serial: string, events: readonly string[]): CpeMessage {
  return {
    ...periodicInformBody(serial),
    event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
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
