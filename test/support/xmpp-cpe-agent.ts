import {
  createRawXmppClient,
  type RawXmppClient,
  type XmlElement,
  xml,
} from "../../functions/adapters/xmpp/raw-client.ts";
import { createSaslPolicy } from "../../functions/adapters/xmpp/sasl-policy.ts";
import { assertNever } from "../../functions/core/session/assert-never.ts";

const NS_CONN_REQ = "urn:broadband-forum-org:cwmp:xmppConnReq-1-0";
const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/** How the simulated CPE answers a connection request (TR-069 Annex K). */
export type CpeBehaviour =
  | "result"
  | "not-authorized"
  | "not-autorized" // the misspelling one deployed agent sends
  | "service-unavailable"
  | "silent";

export interface ReceivedConnectionRequest {
  id: string | undefined;
  from: string | undefined;
  type: string | undefined;
  namespace: string | undefined;
  username: string | null;
  password: string | null;
  /** Text nodes directly inside <connectionRequest/> (whitespace would show up here). */
  strayText: string[];
}

export interface CpeAgent {
  readonly jid: string;
  readonly received: ReceivedConnectionRequest[];
  /** Everything the CPE's socket delivered, decoded: to check the wire serialization. */
  rawInput(): string;
  setBehaviour(behaviour: CpeBehaviour): void;
  stop(): Promise<void>;
}

export interface CpeAgentOptions {
  service: string;
  domain: string;
  username: string;
  password: string;
  /** @default "cwmp" */
  resource?: string;
  behaviour: CpeBehaviour;
}

function record(stanza: XmlElement, element: XmlElement): ReceivedConnectionRequest {
  return {
    id: stanza.attrs.id,
    from: stanza.attrs.from,
    type: stanza.attrs.type,
    namespace: element.attrs.xmlns,
    username: element.getChildText("username"),
    password: element.getChildText("password"),
    strayText: element.children.filter((child): child is string => typeof child === "string"),
  };
}

function reply(behaviour: CpeBehaviour): Promise<unknown> | unknown {
  switch (behaviour) {
    case "result":
      return true;
    case "silent":
      return new Promise(() => {}); // never answers: the ACS must time out
    case "not-authorized":
    case "not-autorized":
      // Like real agents, the callee echoes the request (with the password) next to <error/>.
      return xml("error", { type: "cancel" }, xml(behaviour, NS_STANZAS));
    case "service-unavailable":
      return xml("error", { type: "cancel" }, xml("service-unavailable", NS_STANZAS));
    default:
      return assertNever(behaviour);
  }
}

/** A CPE-side XMPP client (plain @xmpp/client, no TLS) answering Annex K requests. */
export async function startCpeAgent(options: CpeAgentOptions): Promise<CpeAgent> {
  const client: RawXmppClient = createRawXmppClient({
    service: options.service,
    domain: options.domain,
    username: options.username,
    // Same SASL handling as the ACS (native PBKDF2): logins take milliseconds, not a second.
    credentials: createSaslPolicy({
      username: options.username,
      password: options.password,
      requireTls: false,
    }),
    resource: options.resource ?? "cwmp",
  });
  client.reconnect.stop();
  client.on("error", () => {}); // failures surface through start() or the assertions
  let behaviour = options.behaviour;
  const received: ReceivedConnectionRequest[] = [];
  let raw = "";
  client.iqCallee.get(NS_CONN_REQ, "connectionRequest", ({ stanza, element }) => {
    received.push(record(stanza, element));
    return reply(behaviour);
  });
  client.on("connect", () => {
    client.socket?.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
  });
  await client.start();
  return {
    jid: client.jid?.toString() ?? "",
    received,
    rawInput: () => raw,
    setBehaviour(next) {
      behaviour = next;
    },
    async stop() {
      await client.stop().catch(() => {});
    },
  };
}
