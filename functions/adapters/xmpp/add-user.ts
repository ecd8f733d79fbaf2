import { randomUUID } from "node:crypto";
import {
  ADD_USER_NODE,
  type AddUserStepClass,
  buildAddUserExecuteIq,
  buildAddUserSubmitIq,
  buildChangePasswordSubmitIq,
  CHANGE_PASSWORD_NODE,
  classifyAddUserReply,
} from "./add-user-iq.ts";
import { XmppInvalidArgumentError } from "./errors.ts";
import { settlementOutcome } from "./iq-tracker.ts";
import { bareJidKey, isPlausibleReplier, type ParsedJid, parseJid } from "./jid.ts";
import type { XmlElement } from "./raw-client.ts";
import type { IqRequester } from "./send-connection-request.ts";
import type { SessionConfig } from "./session-config.ts";
import type { XmppAddUserOutcome, XmppAddUserRequest } from "./types.ts";

export interface AddUserContext {
  config: Pick<SessionConfig, "now" | "logger" | "domain">;
  request: IqRequester;
  isOnline: () => boolean;
}

type Step = AddUserStepClass | { kind: "timeout" } | { kind: "session-down" };

function checkArguments(input: XmppAddUserRequest): void {
  if (!Number.isFinite(input.timeoutMs) || input.timeoutMs <= 0) {
    throw new XmppInvalidArgumentError("timeoutMs", "must be a positive finite number");
  }
  if (input.password === "") throw new XmppInvalidArgumentError("password", "must not be empty");
}

/** A bare JID with a localpart on the session's own domain, or why not. */
function targetProblem(jid: string, domain: string): string | undefined {
  const parsed = parseJid(jid);
  if (!parsed.ok || parsed.jid.local === undefined || parsed.jid.resource !== undefined) {
    return "jid-malformed";
  }
  const server: ParsedJid = { local: undefined, domain, resource: undefined };
  return bareJidKey({ ...parsed.jid, local: undefined }) === bareJidKey(server)
    ? undefined
    : "domain-mismatch";
}

/**
 * XEP-0133 section 4.1 "Add User" run as an XEP-0050 command on the server: execute, receive
 * the form and its sessionid, submit accountjid/password/password-verify. Works with any server
 * implementing the XEP (prosody mod_admin_adhoc, ejabberd mod_configure), so no server-specific
 * admin API is needed. The password is never logged.
 */
export async function addUser(
  input: XmppAddUserRequest,
  { config, request, isOnline }: AddUserContext,
): Promise<XmppAddUserOutcome> {
  checkArguments(input);
  const finish = (outcome: XmppAddUserOutcome): XmppAddUserOutcome => {
    config.logger.info("xmpp add user", { jid: input.jid, outcome: outcome.kind });
    return outcome;
  };
  const problem = targetProblem(input.jid, config.domain);
  if (problem !== undefined) return finish({ kind: "error", condition: problem });
  if (!isOnline()) return finish({ kind: "session-down" });

  const deadline = config.now() + input.timeoutMs;
  const server: ParsedJid = { local: undefined, domain: config.domain, resource: undefined };
  const accepts = (reply: XmlElement) => isPlausibleReplier(reply.attrs.from, server);
  const send = async (stanza: XmlElement): Promise<Step> => {
    const remaining = deadline - config.now();
    if (remaining <= 0) return { kind: "timeout" };
    return settlementOutcome(await request(stanza, accepts, remaining), classifyAddUserReply);
  };

  /** XEP-0050: execute, receive the form and its sessionid, submit it. */
  const run = async (node: string, submit: (sessionId: string) => XmlElement): Promise<Step> => {
    const first = await send(buildAddUserExecuteIq(`au-${randomUUID()}`, config.domain, node));
    if (first.kind !== "form") return notAForm(first);
    const submitted = await send(submit(first.sessionId));
    // A second form asks for more than XEP-0133 defines: we cannot fill it in.
    if (submitted.kind === "form") return { kind: "error", condition: "unexpected-second-form" };
    return submitted;
  };
  const form = (sessionId: string) => ({
    id: `au-${randomUUID()}`,
    domain: config.domain,
    sessionId,
    accountJid: input.jid,
    password: input.password,
  });
  const added = await run(ADD_USER_NODE, (sessionId) => buildAddUserSubmitIq(form(sessionId)));
  if (added.kind === "form") return finish({ kind: "error", condition: "unexpected-form" });
  if (added.kind !== "exists" || input.resetPasswordIfExists !== true) return finish(added);
  const changed = await run(CHANGE_PASSWORD_NODE, (sessionId) =>
    buildChangePasswordSubmitIq(form(sessionId)),
  );
  // "created" is the classifier's word for a command completed without an error note.
  if (changed.kind === "created") return finish({ kind: "password-reset" });
  if (changed.kind === "form" || changed.kind === "exists") {
    return finish({ kind: "error", condition: "password-reset-failed" });
  }
  return finish(changed);
}

/** The execute step must yield the form; "created" there would be a server quirk. */
function notAForm(step: Exclude<Step, { kind: "form" }>): Step {
  if (step.kind === "created") return { kind: "error", condition: "completed-without-form" };
  return step;
}
