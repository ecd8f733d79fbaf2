import { randomBytes } from "node:crypto";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { bindingRequest } from "../core/stun/binding-messages.ts";
import { MalformedStunMessageError } from "../core/stun/errors.ts";
import { decodeAddress } from "../core/stun/stun-address.ts";
import { decodeStunMessage } from "../core/stun/stun-codec.ts";
import {
  findAttribute,
  type StunAddress,
  StunAttributeType,
  StunMessageType,
} from "../core/stun/stun-message.ts";
import {
  type UdpConnectionRequestVerdict,
  verifyUdpConnectionRequest,
} from "../core/stun/udp-connection-request.ts";
import type { DataModel } from "./data-model.ts";

export interface CpeStunClientOptions {
  /** The current tree (a factory reset replaces it). */
  readonly model: () => DataModel;
  readonly connectionRequest: () => "accepted" | "busy";
  /** Parameters the device itself changed (UDPConnectionRequestAddress, NATDetected). */
  readonly onValueChange: (paths: readonly string[]) => void;
  /** Every UDP connection request datagram and what the device made of it. */
  readonly onUdpConnectionRequest?: (verdict: UdpConnectionRequestVerdict) => void;
  /** Overrides STUNMinimumKeepAlivePeriod (ms) for fast tests. */
  readonly keepAliveMs?: number;
  /** The local address the socket binds. @default 0.0.0.0 */
  readonly bindAddress?: string;
  /** How far a request's ts may be from the device's clock. @default 300 */
  readonly maxSkewSeconds?: number;
}

export interface CpeStunClient {
  /** Starts, restarts or stops the STUN client to match the data model; cheap when unchanged. */
  reconcile(): void;
  /** Closes the socket; the model keeps its values. */
  stop(): Promise<void>;
}

interface StunSettings {
  readonly key: string;
  readonly server: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly keepAliveMs: number;
}

interface Run {
  readonly settings: StunSettings;
  readonly socket: Socket;
  timer: NodeJS.Timeout | undefined;
  /** Transaction ids of the Binding Requests still unanswered (hex). */
  readonly pending: Set<string>;
  mapped: string | undefined;
  /** Ids of the UDP CRs acted on, oldest first (TR-069 Annex G: act once per id). */
  readonly seenIds: Set<string>;
}

const seenIdsKept = 64;

/**
 * The device side of TR-111 Part 2 and TR-069 Annex G: while STUNEnable is
 * true and a server is set, one UDP socket sends Binding Requests with
 * USERNAME, MESSAGE-INTEGRITY (STUNPassword) and CONNECTION-REQUEST-BINDING
 * every STUNMinimumKeepAlivePeriod, learns its public address from
 * XOR-MAPPED-ADDRESS (UDPConnectionRequestAddress, active notification: 4
 * VALUE CHANGE), announces a changed mapping with BINDING-CHANGE, and takes
 * UDP connection requests on the same socket, so they come through the NAT
 * mapping the Binding Requests keep open.
 */
export function createCpeStunClient(options: CpeStunClientOptions): CpeStunClient {
  let run: Run | undefined;

  const close = (current: Run): Promise<void> => {
    clearTimeout(current.timer);
    return new Promise((resolve) => current.socket.close(() => resolve()));
  };

  const send = (current: Run, bindingChange: boolean): void => {
    const transactionId = randomBytes(12);
    current.pending.add(transactionId.toString("hex"));
    const { settings } = current;
    // Without a username (not yet provisioned) the server answers with the mapped address only.
    const datagram = bindingRequest({
      transactionId,
      bindingChange,
      ...(settings.username !== "" && {
        username: settings.username,
        password: settings.password,
      }),
    });
    current.socket.send(datagram, settings.port, settings.server, () => undefined);
  };

  const keepAlive = (current: Run): void => {
    send(current, false);
    current.timer = setTimeout(() => keepAlive(current), current.settings.keepAliveMs);
    current.timer.unref?.();
  };

  const onMapped = (current: Run, mapped: StunAddress): void => {
    const address = mapped.family === "IPv6" ? `[${mapped.address}]` : mapped.address;
    const value = `${address}:${mapped.port}`;
    if (value === current.mapped) return;
    const changedFromKnown = current.mapped !== undefined;
    current.mapped = value;
    const local = current.socket.address();
    const natDetected = String(mapped.address !== local.address || mapped.port !== local.port);
    const changed = updateManagementServer(options.model(), {
      UDPConnectionRequestAddress: value,
      NATDetected: natDetected,
    });
    // TR-111 Part 2: tell the server at once that the binding it holds moved.
    if (changedFromKnown) send(current, true);
    if (changed.length > 0) options.onValueChange(changed);
  };

  const onStun = (current: Run, datagram: Buffer): void => {
    const mapped = mappedAddressOf(datagram, current.pending);
    if (mapped !== undefined) onMapped(current, mapped);
  };

  const onConnectionRequest = (current: Run, datagram: Buffer): void => {
    if (acceptConnectionRequest(options, current.seenIds, datagram)) options.connectionRequest();
  };

  const onMessage = (current: Run, datagram: Buffer, _remote: RemoteInfo): void => {
    // RFC 5389 6: a STUN message starts with two zero bits; a UDP CR is an HTTP request line.
    if (datagram.length > 0 && (datagram[0] ?? 0) < 0x40) onStun(current, datagram);
    else onConnectionRequest(current, datagram);
  };

  const open = (settings: StunSettings): Run => {
    const socket = createSocket(settings.server.includes(":") ? "udp6" : "udp4");
    const current: Run = {
      settings,
      socket,
      timer: undefined,
      pending: new Set(),
      mapped: undefined,
      seenIds: new Set(),
    };
    socket.on("message", (datagram, remote) => onMessage(current, datagram, remote));
    socket.on("error", () => undefined); // ICMP unreachable and the like: the next keep-alive retries
    socket.bind(0, options.bindAddress ?? "0.0.0.0", () => {
      if (run === current) keepAlive(current);
    });
    return current;
  };

  return {
    reconcile() {
      const settings = readStunSettings(options.model(), options.keepAliveMs);
      if (settings?.key === run?.settings.key) return;
      if (run !== undefined) void close(run);
      run = settings === undefined ? undefined : open(settings);
    },
    async stop() {
      const current = run;
      run = undefined;
      if (current !== undefined) await close(current);
    },
  };
}

/** The mapped address of a success response to one of our pending Binding Requests. */
function mappedAddressOf(datagram: Buffer, pending: Set<string>): StunAddress | undefined {
  try {
    const message = decodeStunMessage(datagram);
    const id = Buffer.from(message.transactionId).toString("hex");
    if (message.type !== StunMessageType.bindingSuccess || !pending.delete(id)) return undefined;
    const xor = findAttribute(message, StunAttributeType.xorMappedAddress);
    const plain = findAttribute(message, StunAttributeType.mappedAddress);
    return xor
      ? decodeAddress(xor.value, message.transactionId)
      : plain && decodeAddress(plain.value);
  } catch (error) {
    if (error instanceof MalformedStunMessageError) return undefined;
    throw error;
  }
}

/**
 * TR-069 Annex G: a request counts only with a valid sig keyed by ConnectionRequestPassword,
 * a fresh ts and an id not yet acted on (the ACS repeats each request over lossy UDP).
 */
function acceptConnectionRequest(
  options: CpeStunClientOptions,
  seenIds: Set<string>,
  datagram: Buffer,
): boolean {
  const model = options.model();
  const verdict = verifyUdpConnectionRequest({
    datagram: datagram.toString("utf8"),
    username: managementServer(model, "ConnectionRequestUsername"),
    password: managementServer(model, "ConnectionRequestPassword"),
    nowSeconds: Math.floor(Date.now() / 1000),
    maxSkewSeconds: options.maxSkewSeconds ?? 300,
    seenIds,
  });
  options.onUdpConnectionRequest?.(verdict);
  if (verdict.kind !== "accepted") return false;
  seenIds.add(verdict.id);
  if (seenIds.size > seenIdsKept) {
    const [oldest] = seenIds;
    if (oldest !== undefined) seenIds.delete(oldest);
  }
  return true;
}

function managementServer(model: DataModel, name: string): string {
  return model.read(`${model.root}ManagementServer.${name}`);
}

/** The STUN settings when the client should run: STUNEnable and a server address. */
function readStunSettings(model: DataModel, keepAliveMs: number | undefined) {
  const read = (name: string) => managementServer(model, name);
  if (read("STUNEnable") !== "true" || read("STUNServerAddress") === "") return undefined;
  const period = Math.max(1, Number(read("STUNMinimumKeepAlivePeriod")) || 30);
  const settings = {
    server: read("STUNServerAddress"),
    port: Number(read("STUNServerPort")) || 3478,
    username: read("STUNUsername"),
    password: read("STUNPassword"),
    keepAliveMs: keepAliveMs ?? period * 1000,
  };
  return { ...settings, key: JSON.stringify(settings) } satisfies StunSettings;
}

/** Values the device learned itself; the paths that changed. */
function updateManagementServer(model: DataModel, values: Record<string, string>): string[] {
  const changed: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const path = `${model.root}ManagementServer.${name}`;
    if (model.read(path) === value) continue;
    model.setInternal(path, value);
    changed.push(path);
  }
  return changed;
}
