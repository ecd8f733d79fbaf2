/**
 * Narrow, hand-written types for the parts of @xmpp/client 0.14 this adapter uses.
 * The package ships no TypeScript types; keep this surface as small as the code needs.
 * Only functions/adapters/xmpp/raw-client.ts imports the module itself.
 */
declare module "@xmpp/client" {
  import type { EventEmitter } from "node:events";

  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<XmlElement | string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildElements(): XmlElement[];
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    toString(): string;
  }

  export type XmlAttrs = Record<string, string | undefined>;

  /** ltx createElement: a string as second argument is taken as the xmlns. */
  export function xml(
    name: string,
    attrs?: XmlAttrs | string | null,
    ...children: Array<XmlElement | string>
  ): XmlElement;

  export interface SaslCredentials {
    username: string;
    password: string;
    /** sasl-scram-sha-1 cache fields: precomputed keys for a given salt. */
    [cacheField: string]: unknown;
  }

  export type SaslAuthenticate = (credentials: SaslCredentials, mechanism: string) => Promise<void>;

  /** Called by the SASL (RFC 6120 section 6) and SASL2 stream features with the offered mechanisms. */
  export type CredentialsHandler = (
    authenticate: SaslAuthenticate,
    mechanisms: string[],
    fast: unknown,
    entity: XmppClient,
  ) => Promise<void>;

  export interface XmppSocketLike extends EventEmitter {
    secure?: boolean;
    end(): void;
    destroy?(): void;
    /** @xmpp/tls wraps the real TLSSocket here. */
    socket?: { destroy(): void } | null;
    write(data: string, callback: (error?: Error | null) => void): void;
  }

  export interface IqCalleeContext {
    stanza: XmlElement;
    element: XmlElement;
  }

  /** @xmpp/middleware incoming context (the parts used here). */
  export interface IncomingMiddlewareContext {
    stanza: XmlElement;
  }

  export type IncomingMiddleware = (
    context: IncomingMiddlewareContext,
    next: () => Promise<unknown>,
  ) => unknown;

  export interface ClientOptions {
    service: string;
    domain: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: CredentialsHandler;
    /** Used for stream open/close and STARTTLS round trips; default 2000 ms. */
    timeout?: number;
  }

  export interface XmppClient extends EventEmitter {
    status: string;
    jid: { toString(): string } | null;
    socket: XmppSocketLike | null;
    options: ClientOptions;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    restart(): Promise<unknown>;
    send(element: XmlElement): Promise<void>;
    isSecure(): boolean;
    _attachSocket(socket: XmppSocketLike): void;
    _detachSocket(): void;
    reconnect: { stop(): void };
    middleware: { use(fn: IncomingMiddleware): void };
    iqCallee: {
      get(ns: string, name: string, handler: (context: IqCalleeContext) => unknown): void;
      set(ns: string, name: string, handler: (context: IqCalleeContext) => unknown): void;
    };
  }

  export function client(options: ClientOptions): XmppClient;
}
