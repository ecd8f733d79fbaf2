import type { DeviceRecord } from "../model/device.ts";
import type { UdpCrTarget } from "./cr-attempt.ts";

/** host:port (IPv6 in brackets) as UDPConnectionRequestAddress carries it (TR-069 Annex G). */
export function parseHostPort(value: string): { address: string; port: number } | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (match?.[1] === undefined || !Number.isInteger(port) || port < 1 || port > 65535)
    return undefined;
  return { address: match[1], port };
}

/**
 * The STUN binding while it is fresh (the CPE refreshed it within `freshMs`; past that the NAT
 * has likely forgotten it), else UDPConnectionRequestAddress from the Inform or a value change.
 */
export function udpTargetOf(
  device: DeviceRecord,
  now: number,
  freshMs: number,
): UdpCrTarget | undefined {
  const binding = device.stunBinding;
  if (binding !== undefined && now - binding.lastSeen <= freshMs) {
    return { address: binding.address, port: binding.port, source: "stun-binding" };
  }
  const reported = device.udpConnectionRequestAddress;
  const parsed = reported === undefined ? undefined : parseHostPort(reported);
  return parsed === undefined ? undefined : { ...parsed, source: "udp-connection-request-address" };
}
