import { EventEmitter } from "node:events";
import { isIP } from "node:net";
import tls from "node:tls";
import { XmppStartTlsError } from "./errors.ts";
import { type RawXmppClient, type XmlElement, type XmppSocketLike, xml } from "./raw-client.ts";

const NS_STREAM = "http://etherx.jabber.org/streams";
const NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls";

export interface StartTlsOptions {
  /** The XMPP domain: the certificate must be valid for it (RFC 7590 section 3.2). */
  domain: string;
  rejectUnauthorized: boolean;
  ca: readonly string[] | undefined;
  timeoutMs: number;
}

/** Presents a TLSSocket the way @xmpp/connection expects its sockets. */
class TlsSocketAdapter extends EventEmitter implements XmppSocketLike {
  readonly secure = true;
  readonly #socket: tls.TLSSocket;
  constructor(socket: tls.TLSSocket) {
    super();
    this.#socket = socket;
    socket.on("data", (data) => this.emit("data", data));
    socket.on("close", () => this.emit("close"));
    socket.on("error", (error) => this.emit("error", error));
  }
  end(): void {
    this.#socket.end();
  }
  destroy(): void {
    this.#socket.destroy();
  }
  write(data: string, callback: (error?: Error | null) => void): void {
    this.#socket.write(data, callback);
  }
}

function waitForElement(
  client: RawXmppClient,
  matches: (element: XmlElement) => boolean,
  timeoutMs: number,
): Promise<XmlElement> {
  return new Promise((resolve, reject) => {
    const onElement = (element: XmlElement) => {
      if (!matches(element)) return;
      cleanup();
      resolve(element);
    };
    const onDisconnect = () => {
      cleanup();
      reject(new XmppStartTlsError("stream closed during STARTTLS"));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new XmppStartTlsError(`no STARTTLS answer within ${timeoutMs} ms`));
    }, timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      client.off("element", onElement);
      client.off("disconnect", onDisconnect);
    }
    client.on("element", onElement);
    client.on("disconnect", onDisconnect);
  });
}

function handshake(plain: XmppSocketLike, options: StartTlsOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      socket: plain as unknown as import("node:net").Socket,
      servername: isIP(options.domain) === 0 ? options.domain : undefined,
      rejectUnauthorized: options.rejectUnauthorized,
      ca: options.ca === undefined ? undefined : [...options.ca],
      minVersion: "TLSv1.2",
    });
    socket.once("secureConnect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", (error) => {
      socket.destroy();
      reject(new XmppStartTlsError(`TLS handshake failed: ${error.message}`, { cause: error }));
    });
  });
}

async function negotiate(client: RawXmppClient, options: StartTlsOptions): Promise<void> {
  // RFC 6120 section 5.4.2: send <starttls/>, expect <proceed/> (or <failure/>).
  const answer = waitForElement(client, isTlsNs, options.timeoutMs);
  await client.send(xml("starttls", NS_TLS));
  const element = await answer;
  if (!element.is("proceed", NS_TLS)) throw new XmppStartTlsError("server refused STARTTLS");
  const plain = client.socket;
  if (plain === null) throw new XmppStartTlsError("socket gone before TLS handshake");
  const secured = await handshake(plain, options);
  client._detachSocket();
  client._attachSocket(new TlsSocketAdapter(secured));
  // RFC 6120 section 5.4.3.3: a new stream over the encrypted channel.
  await client.restart();
}

function isTlsNs(element: XmlElement): boolean {
  return element.attrs.xmlns === NS_TLS;
}

/**
 * Performs STARTTLS ourselves instead of @xmpp/starttls, which passes no TLS options (so no
 * private CA and no rejectUnauthorized). The <stream:features/> offering STARTTLS is emptied
 * before the library's middleware sees it, so nothing else (SASL above all) runs on the
 * plain-text stream; negotiation continues on the features of the restarted stream.
 */
export function installStartTls(client: RawXmppClient, options: StartTlsOptions): void {
  client.prependListener("element", (element: XmlElement) => {
    if (!element.is("features", NS_STREAM) || client.isSecure()) return;
    if (element.getChild("starttls", NS_TLS) === undefined) return;
    element.children = [];
    negotiate(client, options).catch((error: unknown) => {
      const failure =
        error instanceof XmppStartTlsError
          ? error
          : new XmppStartTlsError("STARTTLS failed", { cause: error });
      client.emit("error", failure);
    });
  });
}
