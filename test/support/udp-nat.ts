import { createSocket, type Socket } from "node:dgram";

/** A userspace NAT for tests: port-restricted cone (RFC 4787 "address and port-dependent filtering"). */
export interface UdpNat {
  /** Where inside clients send to reach the destination (their "server" address). */
  readonly inside: { readonly address: string; readonly port: number };
  /** The public address:port of an inside client's mapping (undefined before it sent). */
  mappingOf(client: {
    address: string;
    port: number;
  }): { address: string; port: number } | undefined;
  /** Forgets every mapping: the next datagram of each client leaves from a new public port. */
  rebind(): Promise<void>;
  /** Inbound datagrams dropped because their source was never sent to (the filter). */
  filtered(): number;
  /** Datagrams dropped by the injected loss. */
  lost(): number;
  close(): Promise<void>;
}

export interface UdpNatOptions {
  /**
   * The real destination (the ACS's STUN port); a function when it is known only later (the ACS
   * is configured with the NAT's inside address before its STUN port exists).
   */
  readonly destination: Destination | (() => Destination);
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** Drop this share of datagrams in each direction (0..1). @default 0 */
  readonly lossRate?: number;
  /** @default Math.random */
  readonly random?: () => number;
}

interface Destination {
  readonly address: string;
  readonly port: number;
}

interface Mapping {
  readonly socket: Socket;
  readonly client: { readonly address: string; readonly port: number };
  /** address:port the client has sent to through this mapping. */
  readonly permitted: Set<string>;
}

const key = (address: string, port: number) => `${address}:${port}`;

function bound(socket: Socket, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, host, () => {
      socket.off("error", reject);
      resolve(socket.address().port);
    });
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

/**
 * One inside socket that clients send to; per client a public socket that
 * forwards its datagrams to the destination and forwards back only what comes
 * from an address:port that client has sent to, as a port-restricted-cone NAT
 * does. Everything else reaching a public port is dropped and counted.
 */
export async function startUdpNat(options: UdpNatOptions): Promise<UdpNat> {
  const host = options.host ?? "127.0.0.1";
  const random = options.random ?? Math.random;
  const lossRate = options.lossRate ?? 0;
  const inside = createSocket("udp4");
  const mappings = new Map<string, Mapping>();
  const pending = new Map<string, Promise<Mapping>>();
  let filtered = 0;
  let lost = 0;
  const loses = () => {
    if (lossRate <= 0 || random() >= lossRate) return false;
    lost += 1;
    return true;
  };

  const mappingFor = (address: string, port: number): Promise<Mapping> => {
    const id = key(address, port);
    const known = mappings.get(id);
    if (known !== undefined) return Promise.resolve(known);
    const opening = pending.get(id);
    if (opening !== undefined) return opening;
    const socket = createSocket("udp4");
    const mapping: Mapping = { socket, client: { address, port }, permitted: new Set() };
    socket.on("message", (datagram, remote) => {
      if (!mapping.permitted.has(key(remote.address, remote.port))) {
        filtered += 1;
        return;
      }
      if (loses()) return;
      inside.send(datagram, port, address);
    });
    socket.on("error", () => undefined);
    const ready = bound(socket, host).then(() => {
      mappings.set(id, mapping);
      pending.delete(id);
      return mapping;
    });
    pending.set(id, ready);
    return ready;
  };

  inside.on("message", (datagram, remote) => {
    void mappingFor(remote.address, remote.port).then((mapping) => {
      const { destination } = options;
      const { address, port } = typeof destination === "function" ? destination() : destination;
      mapping.permitted.add(key(address, port));
      if (loses()) return;
      mapping.socket.send(datagram, port, address);
    });
  });
  inside.on("error", () => undefined);
  const insidePort = await bound(inside, host);

  return {
    inside: { address: host, port: insidePort },
    mappingOf(client) {
      const mapping = mappings.get(key(client.address, client.port));
      return mapping === undefined
        ? undefined
        : { address: host, port: mapping.socket.address().port };
    },
    async rebind() {
      const old = [...mappings.values()];
      mappings.clear();
      await Promise.all(old.map((mapping) => closed(mapping.socket)));
    },
    filtered: () => filtered,
    lost: () => lost,
    async close() {
      await Promise.all([...pending.values()]);
      const old = [...mappings.values()];
      mappings.clear();
      await Promise.all([...old.map((mapping) => closed(mapping.socket)), closed(inside)]);
    },
  };
}
