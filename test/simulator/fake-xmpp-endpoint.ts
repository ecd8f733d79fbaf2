import type {
  XmppEndpoint,
  XmppEndpointOptions,
} from "../../functions/adapters/xmpp/xmpp-endpoint.ts";

export interface FakeEndpoint extends XmppEndpoint {
  readonly options: XmppEndpointOptions;
  closedByClient: boolean;
  /** The server drops the stream. */
  drop(): void;
}

/** openXmppEndpoint stand-in: each call takes the next scripted outcome (default: success). */
export function fakeEndpoints(script: Array<Error | "ok"> = []) {
  const opened: FakeEndpoint[] = [];
  let attempts = 0;
  const open = async (options: XmppEndpointOptions): Promise<XmppEndpoint> => {
    attempts += 1;
    const next = script.shift() ?? "ok";
    if (next instanceof Error) throw next;
    let drop = () => {};
    const closed = new Promise<void>((resolve) => {
      drop = resolve;
    });
    const endpoint: FakeEndpoint = {
      options,
      boundJid: `${options.username}@${options.domain}/${options.resource}`,
      secure: false,
      closed,
      closedByClient: false,
      drop,
      close: async () => {
        endpoint.closedByClient = true;
        drop();
      },
      destroy: () => drop(),
    };
    opened.push(endpoint);
    return endpoint;
  };
  return { open, opened, attempts: () => attempts };
}
