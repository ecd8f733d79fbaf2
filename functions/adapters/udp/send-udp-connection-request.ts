import type { UdpCrOutcome } from "../../core/connection-request/cr-attempt.ts";
import { udpTargetOf } from "../../core/connection-request/udp-target.ts";
import type { DeviceRecord } from "../../core/model/device.ts";
import { buildUdpConnectionRequest } from "../../core/stun/udp-connection-request.ts";
import type { Clock, CrCredentials, DeviceStore, IdSource } from "../../ports.ts";
import type { StunServer } from "./stun-server.ts";

export interface UdpCrSettings {
  /** Datagrams per request (UDP is lossy; TR-069 Annex G). */
  readonly repeats: number;
  readonly spacingMs: number;
  /** How long after the first datagram a `6 CONNECTION REQUEST` session counts as the answer. */
  readonly windowMs: number;
  readonly pollMs: number;
  /** A binding older than this is not trusted (the NAT mapping has likely expired). */
  readonly bindingFreshMs: number;
}

export const defaultUdpCrSettings: UdpCrSettings = {
  repeats: 3,
  spacingMs: 500,
  windowMs: 30_000,
  pollMs: 250,
  bindingFreshMs: 300_000,
};

export type UdpCrSender = (
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
) => Promise<UdpCrOutcome>;

const sessionEvent = "6 CONNECTION REQUEST";

/**
 * Sends the signed datagram (TR-069 Annex G) from the STUN server's socket `repeats` times, then
 * waits for the session it asks for: the device's Inform after the first datagram carrying
 * `6 CONNECTION REQUEST`.
 */
export function createUdpCrSender(options: {
  readonly server: Pick<StunServer, "send">;
  readonly devices: Pick<DeviceStore, "getDevice">;
  readonly clock: Clock;
  readonly ids: Pick<IdSource, "randomId">;
  readonly settings: UdpCrSettings;
  readonly sleep?: (ms: number) => Promise<void>;
}): UdpCrSender {
  const { clock, settings } = options;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (device, credentials) => {
    const startedAt = clock.now();
    const latencyMs = () => clock.now() - startedAt;
    const target = udpTargetOf(device, startedAt, settings.bindingFreshMs);
    if (target === undefined) return { kind: "no-address", latencyMs: 0 };
    const host = target.address.includes(":") ? `[${target.address}]` : target.address;
    const datagram = buildUdpConnectionRequest({
      address: `${host}:${target.port}`,
      password: credentials?.password ?? "",
      fields: {
        ts: Math.floor(startedAt / 1000),
        id: options.ids.randomId(),
        un: credentials?.username ?? "",
        cn: options.ids.randomId(),
      },
    });
    try {
      for (let sent = 0; sent < settings.repeats; sent += 1) {
        if (sent > 0) await sleep(settings.spacingMs);
        await options.server.send(datagram, target.address, target.port);
      }
    } catch (error) {
      return { kind: "send-failed", detail: String(error), latencyMs: latencyMs() };
    }
    while (clock.now() - startedAt < settings.windowMs) {
      const current = await options.devices.getDevice(device.id);
      if (
        current !== undefined &&
        current.lastInformAt >= startedAt &&
        current.lastEvents.includes(sessionEvent)
      ) {
        return { kind: "delivered", target, datagrams: settings.repeats, latencyMs: latencyMs() };
      }
      await sleep(settings.pollMs);
    }
    return { kind: "no-session", target, datagrams: settings.repeats, latencyMs: latencyMs() };
  };
}
