import { buildConnectionRequestIq } from "../functions/adapters/xmpp/connection-request-iq.ts";
import {
  createRawXmppClient,
  type RawXmppClient,
  type XmlElement,
} from "../functions/adapters/xmpp/raw-client.ts";
import { createSaslPolicy } from "../functions/adapters/xmpp/sasl-policy.ts";

/**
 * The baseline of the sender benchmark: a bare @xmpp/client stream sending the same Annex K
 * connectionRequest IQ the sender sends, matching replies by id in a Map and nothing else (no
 * JID checks, no logging, no store): the most a single stream can do on this server.
 */
export interface RawIqClient {
  /** Resolves on a `result` reply; rejects on an `error` reply or after `timeoutMs`. */
  connectionRequest(to: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export class RawIqError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RawIqError";
  }
}

interface Pending {
  resolve(): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export async function startRawIqClient(options: {
  readonly service: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly resource: string;
  readonly crUsername: string;
  readonly crPassword: string;
}): Promise<RawIqClient> {
  const client: RawXmppClient = createRawXmppClient({
    service: options.service,
    domain: options.domain,
    username: options.username,
    resource: options.resource,
    credentials: createSaslPolicy({
      username: options.username,
      password: options.password,
      requireTls: false,
    }),
  });
  client.reconnect.stop();
  client.on("error", () => {}); // a lost stream shows up as IQ timeouts
  const pending = new Map<string, Pending>();
  client.on("stanza", (stanza: XmlElement) => {
    const { id, type } = stanza.attrs;
    if (stanza.name !== "iq" || id === undefined) return;
    const entry = pending.get(id);
    if (entry === undefined) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    if (type === "result") entry.resolve();
    else entry.reject(new RawIqError(`iq ${type ?? "?"} from ${stanza.attrs.from ?? "?"}`));
  });
  await client.start();
  let sequence = 0;
  return {
    connectionRequest(to, timeoutMs) {
      sequence += 1;
      const id = `raw-${sequence}`;
      const stanza = buildConnectionRequestIq({
        id,
        to,
        username: options.crUsername,
        password: options.crPassword,
      });
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new RawIqError(`no reply within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        client.send(stanza).catch((error: unknown) => {
          pending.delete(id);
          clearTimeout(timer);
          reject(error instanceof Error ? error : new RawIqError(String(error)));
        });
      });
    },
    async stop() {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
      await client.stop().catch(() => {});
    },
  };
}
