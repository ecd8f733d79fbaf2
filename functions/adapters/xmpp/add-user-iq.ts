import { stanzaErrorCondition, type XmlNodeLike } from "./classify-iq-reply.ts";
import { type XmlElement, xml } from "./raw-client.ts";

/** XEP-0050 Ad-Hoc Commands and XEP-0004 Data Forms namespaces. */
export const NS_COMMANDS = "http://jabber.org/protocol/commands";
export const NS_DATA = "jabber:x:data";
/** XEP-0133 section 4.1: the Add User command node, also the FORM_TYPE of its form. */
export const NS_ADMIN = "http://jabber.org/protocol/admin";
export const ADD_USER_NODE = `${NS_ADMIN}#add-user`;
/** XEP-0133 section 4.7: Change User Password (accountjid, password). */
export const CHANGE_PASSWORD_NODE = `${NS_ADMIN}#change-user-password`;

/** The result of one step of the command, decided from the reply stanza alone. */
export type AddUserStepClass =
  /** The server sent the form to fill in (XEP-0050 section 3.4, status executing). */
  | { kind: "form"; sessionId: string }
  | { kind: "created" }
  | { kind: "exists" }
  | { kind: "forbidden" }
  | { kind: "unsupported" }
  /** text: a <note type="error"/> of a completed command (the server's words, no password). */
  | { kind: "error"; condition: string; text?: string };

/** XEP-0050 section 3.1: start the command; the server answers with its form. */
export function buildAddUserExecuteIq(
  id: string,
  domain: string,
  node = ADD_USER_NODE,
): XmlElement {
  return xml(
    "iq",
    { type: "set", to: domain, id },
    xml("command", { xmlns: NS_COMMANDS, node, action: "execute" }),
  );
}

export interface AddUserSubmitInput {
  id: string;
  domain: string;
  sessionId: string;
  accountJid: string;
  password: string;
}

function field(name: string, value: string, type?: string): XmlElement {
  const attrs = type === undefined ? { var: name } : { var: name, type };
  return xml("field", attrs, xml("value", {}, value));
}

/** XEP-0133 section 4.1: the submitted form (accountjid, password, password-verify). */
export function buildAddUserSubmitIq(input: AddUserSubmitInput): XmlElement {
  return buildSubmitIq(input, ADD_USER_NODE, [
    field("password", input.password, "text-private"),
    field("password-verify", input.password, "text-private"),
  ]);
}

/** XEP-0133 section 4.7: the submitted Change User Password form (accountjid, password). */
export function buildChangePasswordSubmitIq(input: AddUserSubmitInput): XmlElement {
  return buildSubmitIq(input, CHANGE_PASSWORD_NODE, [
    field("password", input.password, "text-private"),
  ]);
}

/** XEP-0050 section 3.4: a command's form, submitted with the session id the server gave. */
function buildSubmitIq(input: AddUserSubmitInput, node: string, fields: XmlElement[]): XmlElement {
  return xml(
    "iq",
    { type: "set", to: input.domain, id: input.id },
    xml(
      "command",
      { xmlns: NS_COMMANDS, node, sessionid: input.sessionId },
      xml(
        "x",
        { xmlns: NS_DATA, type: "submit" },
        field("FORM_TYPE", NS_ADMIN, "hidden"),
        field("accountjid", input.accountJid, "jid-single"),
        ...fields,
      ),
    ),
  );
}

function children(node: XmlNodeLike, name: string): XmlNodeLike[] {
  return node.children.filter(
    (child): child is XmlNodeLike => typeof child !== "string" && child.name === name,
  );
}

function textOf(node: XmlNodeLike): string {
  return node.children.filter((child): child is string => typeof child === "string").join("");
}

/**
 * Stanza errors of the command (XEP-0050 section 4.6). Servers that do not implement the
 * command, or do not let us run it, answer differently; each maps to one outcome.
 */
function classifyError(reply: XmlNodeLike): AddUserStepClass {
  const error = children(reply, "error")[0];
  const condition = (error === undefined ? undefined : stanzaErrorCondition(error)) ?? "undefined";
  switch (condition) {
    case "conflict":
      return { kind: "exists" };
    case "forbidden":
    case "not-authorized":
    case "not-allowed":
      return { kind: "forbidden" };
    case "service-unavailable":
    case "feature-not-implemented":
    case "item-not-found":
      return { kind: "unsupported" };
    default:
      return { kind: "error", condition };
  }
}

/**
 * A completed command with a <note type="error"/> failed (prosody's mod_admin_adhoc reports an
 * existing account this way, with the text "Account already exists"); without one it worked.
 */
function classifyCompleted(command: XmlNodeLike): AddUserStepClass {
  const failure = children(command, "note").find((note) => note.attrs.type === "error");
  if (failure === undefined) return { kind: "created" };
  const text = textOf(failure).trim();
  if (/already (exists|registered)|exists already/i.test(text)) return { kind: "exists" };
  return { kind: "error", condition: "command-failed", text };
}

/** Maps any reply of the execute or submit step to what happens next. */
export function classifyAddUserReply(reply: XmlNodeLike): AddUserStepClass {
  const type = reply.attrs.type;
  if (type === "error") return classifyError(reply);
  if (type !== "result") return { kind: "error", condition: "unexpected-iq-type" };
  const command = children(reply, "command").find((c) => c.attrs.xmlns === NS_COMMANDS);
  if (command === undefined) return { kind: "error", condition: "no-command-in-reply" };
  switch (command.attrs.status) {
    case "completed":
      return classifyCompleted(command);
    case "executing": {
      const sessionId = command.attrs.sessionid;
      if (sessionId === undefined || sessionId === "") {
        return { kind: "error", condition: "no-sessionid" };
      }
      return { kind: "form", sessionId };
    }
    case "canceled":
      return { kind: "error", condition: "command-canceled" };
    default:
      return { kind: "error", condition: "unexpected-command-status" };
  }
}
