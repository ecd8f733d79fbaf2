import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import type { StunBinding } from "../../core/model/device.ts";
import {
  bindingErrorResponse,
  bindingSuccessResponse,
  isBindingRequest,
  summariseBindingRequest,
} from "../../core/stun/binding-messages.ts";
import { MalformedStunMessageError } from "../../core/stun/errors.ts";
import { checkMessageIntegrity, decodeStunMessage } from "../../core/stun/stun-codec.ts";
import type { StunMessage } from "../../core/stun/stun-message.ts";
import type { Clock, DeviceStore, Logger } from "../../ports.ts";
import { StunServerNotStartedError } from "./errors.ts";
import type { StunCredentialLookup } from "./stun-credentials.ts";

export interface StunServerOptions {
  /** ACS_STUN_PORT (3478, RFC 5389 §18.4); 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  readonly credentials: StunCredentialLookup;
  readonly devices: Pick<DeviceStore, "recordStunBinding">;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Names this server (sender task) in the bindings it records. */
  readonly serverId: string;
}

export interface StunServer {
  start(): Promise<{ readonly port: number }>;
  stop(): Promise<void>;
  /**
   * Sends a datagram from the STUN socket itself: behind an address- or port-restricted NAT
   * only datagrams from the address:port the binding was made to pass (TR-069 Annex G).
   */
  send(datagram: string | Uint8Array, address: string, port: number): Promise<void>;
}

const utf8 = new TextEncoder();

/**
 * A STUN server (RFC 5389, RFC 3489 compatible) for TR-111 Part 2: answers Binding Requests,
 * authenticates those with USERNAME by MESSAGE-INTEGRITY keyed with the device's STUN
 * password (401 otherwise), and records the binding the CPE marked with
 * CONNECTION-REQUEST-BINDING. Unauthenticated requests get their mapped address only.
 */
export function createStunServer(options: StunServerOptions): StunServer {
  let socket: Socket | undefined;

  async function answer(datagram: Buffer, remote: RemoteInfo): Promise<Uint8Array | undefined> {
    let request: StunMessage;
    try {
      request = decodeStunMessage(datagram);
    } catch (error) {
      if (error instanceof MalformedStunMessageError) return undefined;
      throw error;
    }
    if (!isBindingRequest(request)) return undefined;
    const source = {
      family: remote.family === "IPv6" ? "IPv6" : "IPv4",
      address: remote.address,
      port: remote.port,
    } as const;
    const summary = summariseBindingRequest(request);
    if (summary.username === undefined) return bindingSuccessResponse(request, source);
    const credentials = await options.credentials(summary.username);
    const key = credentials === undefined ? undefined : utf8.encode(credentials.password);
    if (
      credentials === undefined ||
      key === undefined ||
      checkMessageIntegrity(datagram, key) !== "valid"
    ) {
      options.logger.warn("stun binding request refused", {
        username: summary.username,
        address: remote.address,
      });
      return bindingErrorResponse(request, 401, "Unauthorized");
    }
    if (summary.connectionRequestBinding) {
      const now = options.clock.now();
      const binding: StunBinding = {
        address: remote.address,
        port: remote.port,
        lastSeen: now,
        server: options.serverId,
        ...(summary.bindingChange && { bindingChangedAt: now }),
      };
      await options.devices.recordStunBinding(credentials.deviceId, binding);
    }
    return bindingSuccessResponse(request, source, {
      integrityKey: key,
      fingerprint: summary.hasFingerprint,
    });
  }

  function onMessage(datagram: Buffer, remote: RemoteInfo): void {
    answer(datagram, remote).then(
      (response) => {
        if (response !== undefined) socket?.send(response, remote.port, remote.address);
      },
      (error: unknown) => options.logger.error("stun request failed", { error: String(error) }),
    );
  }

  return {
    start() {
      return new Promise((resolve, reject) => {
        const created = createSocket(options.host?.includes(":") ? "udp6" : "udp4");
        created.once("error", reject);
        created.on("message", onMessage);
        created.bind(options.port, options.host, () => {
          created.off("error", reject);
          created.on("error", (error) =>
            options.logger.error("stun socket error", { error: String(error) }),
          );
          socket = created;
          resolve({ port: created.address().port });
        });
      });
    },
    stop() {
      const open = socket;
      socket = undefined;
      return new Promise((resolve) =>
        open === undefined ? resolve() : open.close(() => resolve()),
      );
    },
    send(datagram, address, port) {
      const open = socket;
      if (open === undefined) return Promise.reject(new StunServerNotStartedError());
      return new Promise((resolve, reject) => {
        open.send(datagram, port, address, (error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
