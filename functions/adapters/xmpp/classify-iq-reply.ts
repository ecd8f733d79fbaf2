/** The minimal shape of a parsed XML element the classifier needs (matches ltx elements). */
export interface XmlNodeLike {
  name: string;
  attrs: Readonly<Record<string, string | undefined>>;
  children: ReadonlyArray<XmlNodeLike | string>;
}

export const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/** Outcome of a connection request as decided from the reply stanza alone. */
export type CrReplyClass =
  | { kind: "delivered" }
  | { kind: "service-unavailable" }
  | { kind: "not-authorized" }
  | { kind: "error"; condition: string; errorType?: string };

function childElements(node: XmlNodeLike): XmlNodeLike[] {
  return node.children.filter((child): child is XmlNodeLike => typeof child !== "string");
}

/**
 * The defined condition of an <error/> (RFC 6120 section 8.3.2): the child in the stanzas
 * namespace other than <text/>. Agents that get the namespace wrong are tolerated by falling
 * back to the first non-<text/> child.
 */
export function stanzaErrorCondition(error: XmlNodeLike): string | undefined {
  const candidates = childElements(error).filter((child) => child.name !== "text");
  const defined = candidates.find((child) => child.attrs.xmlns === NS_STANZAS);
  return (defined ?? candidates[0])?.name;
}

/**
 * Maps a TR-069 Annex K connection request reply to an outcome. CPE agents echo the request
 * (with the password) next to <error/>; only the <error/> child is looked at.
 */
export function classifyConnectionRequestReply(reply: XmlNodeLike): CrReplyClass {
  const type = reply.attrs.type;
  if (type === "result") return { kind: "delivered" };
  if (type !== "error") return { kind: "error", condition: "unexpected-iq-type" };

  const error = childElements(reply).find((child) => child.name === "error");
  const errorType = error?.attrs.type;
  const condition = error === undefined ? undefined : stanzaErrorCondition(error);
  switch (condition) {
    case "service-unavailable":
      return { kind: "service-unavailable" };
    case "not-authorized":
    case "not-autorized": // misspelling sent by a deployed CPE agent
      return { kind: "not-authorized" };
    case undefined:
      return withType({ kind: "error", condition: "undefined-condition" }, errorType);
    default:
      return withType({ kind: "error", condition }, errorType);
  }
}

function withType(
  outcome: { kind: "error"; condition: string },
  errorType: string | undefined,
): CrReplyClass {
  return errorType === undefined ? outcome : { ...outcome, errorType };
}
