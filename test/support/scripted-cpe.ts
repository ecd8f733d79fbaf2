import type { AcsMessage } from "../../functions/core/cwmp/acs-messages.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import type { MemorySession } from "./memory-session.ts";

/**
 * A minimal CPE for engine tests: a flat parameter map, answers GPV/SPV/AddObject/Reboot,
 * and after any failed exchange starts over with an Inform whose RetryCount counts the
 * failures (TR-069 3.2.1.1), as real CPEs do.
 */
export function scriptedCpe(serial: string, values: Record<string, string>) {
  const model = new Map(Object.entries(values));
  let nextInstance = 1;
  const answer = (rpc: AcsMessage): CpeMessage => {
    switch (rpc.method) {
      case "GetParameterValues":
        return {
          method: "GetParameterValuesResponse",
          parameterList: rpc.parameterNames.map((name) => ({
            name,
            value: model.get(name) ?? "",
            type: "string",
          })),
        };
      case "SetParameterValues":
        for (const p of rpc.parameterList) model.set(p.name, p.value);
        return { method: "SetParameterValuesResponse", status: 0 };
      case "AddObject": {
        const n = nextInstance++;
        model.set(`${rpc.objectName}${n}.Enable`, "false");
        return { method: "AddObjectResponse", instanceNumber: n, status: 0 };
      }
      case "GetParameterNames":
        return {
          method: "GetParameterNamesResponse",
          parameterList: [
            ...new Set([...model.keys()].filter((k) => k.startsWith(rpc.parameterPath))),
          ]
            .map((k) => `${rpc.parameterPath}${k.slice(rpc.parameterPath.length).split(".")[0]}.`)
            .filter((v, i, all) => all.indexOf(v) === i)
            .map((name) => ({ name, writable: true })),
        };
      default:
        return {
          method: "Fault",
          faultcode: "Client",
          faultstring: "CWMP fault",
          faultCode: 9000,
          faultString: `${rpc.method} not supported`,
          setParameterValuesFault: [],
        };
    }
  };
  const inform = (events: readonly string[], retryCount: number): CpeMessage => ({
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
    maxEnvelopes: 1,
    currentTime: "2026-12-01T12:00:00Z",
    retryCount,
    parameterList: [
      {
        name: "Device.DeviceInfo.SoftwareVersion",
        value: model.get("Device.DeviceInfo.SoftwareVersion") ?? "",
        type: "string",
      },
    ],
  });
  return {
    model,
    /**
     * One session attempt: Inform, empty POST, answer every RPC, until 204 (ok) or any other
     * answer (failed). Returns the RPCs the ACS sent in it, as method:argument signatures.
     */
    async session(acs: MemorySession, events: readonly string[], retryCount: number) {
      const rpcs: string[] = [];
      const statuses: number[] = [];
      let reply = await acs.post(inform(events, retryCount));
      statuses.push(reply.status);
      if (reply.status !== 200 || !reply.cookie) return { ok: false, rpcs, statuses };
      const cookie = reply.cookie;
      reply = await acs.post(null, cookie);
      for (let i = 0; i < 50; i++) {
        statuses.push(reply.status);
        if (reply.status === 204) return { ok: true, rpcs, statuses };
        if (reply.status !== 200 || !reply.rpc) return { ok: false, rpcs, statuses };
        rpcs.push(JSON.stringify(reply.rpc));
        reply = await acs.post(answer(reply.rpc), cookie);
      }
      throw new Error("session did not end within 50 exchanges");
    },
  };
}
