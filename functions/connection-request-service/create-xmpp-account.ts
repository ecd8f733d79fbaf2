import type { MessageDisposition } from "../core/connection-request/message-disposition.ts";
import { xmppAccountStatus } from "../core/connection-request/xmpp-account-status.ts";
import type { DeviceRecord, XmppAccountStatus } from "../core/model/device.ts";
import { secretContext } from "../core/provisioning/secret-context.ts";
import { SecretUnreadableError } from "../port-errors.ts";
import type { Clock, CrMetrics, Logger, SecretSealer, XmppAccountCreator } from "../ports.ts";

export interface AccountDeps {
  /** Undefined when the sender has no XMPP session. */
  readonly accounts: XmppAccountCreator | undefined;
  /** Undefined when ACS_SECRETS_KEY is not set. */
  readonly sealer: SecretSealer | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  readonly timeoutMs: number;
}

/** What became of an account request: the message's fate and what to record on the device. */
export interface AccountResult {
  readonly disposition: MessageDisposition;
  /** Absent when there is nothing to record (no secrets yet, or a retry). */
  readonly status?: XmppAccountStatus;
}

/** A store or session hiccup: try again later. */
const retryAfterSeconds = 30;
const remove: MessageDisposition = { kind: "delete" };

/**
 * The built-in XMPP profile's account request: create the CPE's account on the ACS's own XMPP
 * server with XEP-0133 "Add User", run by the sender's session (an admin). An existing account
 * is this device's (the name is derived from the device id): its password is set to the
 * device's current one (XEP-0133 Change User Password), so a lost password heals. A refusal is
 * returned for the record (the API shows it) and never retried; the CPE then stays reachable
 * over HTTP.
 */
export async function createXmppAccount(
  deps: AccountDeps,
  device: DeviceRecord,
): Promise<AccountResult> {
  const secrets = device.crSecrets;
  const at = deps.clock.now();
  if (secrets?.xmppUsername === undefined || secrets.xmppPassword === undefined) {
    deps.logger.warn("xmpp account requested for a device without secrets", {
      deviceId: device.id,
    });
    return { disposition: remove };
  }
  if (!deps.accounts || !deps.sealer) {
    const detail = deps.accounts ? "sender has no ACS_SECRETS_KEY" : "sender has no XMPP session";
    return refuse(deps, device, { status: "refused", at, detail });
  }
  let password: string;
  try {
    password = deps.sealer.open(secrets.xmppPassword, secretContext(device.id, "xmppPassword"));
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    return refuse(deps, device, { status: "refused", at, detail: "sealed password unreadable" });
  }
  const outcome = await deps.accounts.addUser({
    jid: `${secrets.xmppUsername}@${deps.accounts.domain}`,
    password,
    timeoutMs: deps.timeoutMs,
    // The name is derived from the device id: an existing account is this device's, maybe
    // with a password from before a new sealing key or a restored table. Make it ours.
    resetPasswordIfExists: true,
  });
  deps.metrics.count("XmppAccount", { Outcome: outcome.kind });
  const status = xmppAccountStatus(outcome, at);
  if (status === undefined) {
    deps.logger.warn("xmpp account creation will be retried", {
      deviceId: device.id,
      outcome: outcome.kind,
    });
    const reason = `xmpp ${outcome.kind}`;
    return { disposition: { kind: "retry", delaySeconds: retryAfterSeconds, reason } };
  }
  deps.logger.info("xmpp account", { deviceId: device.id, ...status });
  return { disposition: remove, status };
}

function refuse(deps: AccountDeps, device: DeviceRecord, status: XmppAccountStatus): AccountResult {
  deps.metrics.count("XmppAccount", { Outcome: "refused" });
  deps.logger.warn("xmpp account not created", { deviceId: device.id, detail: status.detail });
  return { disposition: remove, status };
}
