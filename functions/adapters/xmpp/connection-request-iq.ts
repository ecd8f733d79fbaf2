import { type XmlElement, xml } from "./raw-client.ts";

/** TR-069 Annex K (XMPPConnReq:1) connection request namespace. */
export const NS_XMPP_CONN_REQ = "urn:broadband-forum-org:cwmp:xmppConnReq-1-0";
export const NS_PING = "urn:xmpp:ping";

export interface ConnectionRequestIqInput {
  id: string;
  to: string;
  username: string;
  password: string;
}

/**
 * <iq type="get"> carrying <connectionRequest/> (TR-069 Annex K). Built as an element tree, so
 * text is escaped and the serialization is compact: some CPE agents compare the username and
 * password text exactly and would count indentation as part of it.
 */
export function buildConnectionRequestIq(input: ConnectionRequestIqInput): XmlElement {
  return xml(
    "iq",
    { type: "get", to: input.to, id: input.id },
    xml(
      "connectionRequest",
      NS_XMPP_CONN_REQ,
      xml("username", {}, input.username),
      xml("password", {}, input.password),
    ),
  );
}

/** XEP-0199 section 4.2: client-to-server ping. */
export function buildPingIq(id: string, to: string): XmlElement {
  return xml("iq", { type: "get", to, id }, xml("ping", NS_PING));
}
