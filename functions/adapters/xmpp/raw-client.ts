/**
 * The one import of @xmpp/* in the project, re-exported with the narrow local types of
 * xmpp-client.d.ts. Everything else (adapter and tests) goes through this file.
 */
export type {
  ClientOptions as RawClientOptions,
  CredentialsHandler,
  IqCalleeContext,
  XmlElement,
  XmppClient as RawXmppClient,
  XmppSocketLike,
} from "@xmpp/client";
export { client as createRawXmppClient, xml } from "@xmpp/client";
