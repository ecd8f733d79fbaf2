import type { XmppAddUserOutcome } from "../adapters/xmpp/index.ts";
import type { DeviceRecord, XmppAccountStatus } from "../core/model/device.ts";
import { secretContext } from "../core/provisioning/secret-context.ts";
import { SecretUnreadableError } from "../port-errors.ts";
import type { Clock, Logger, SecretSealer } from "../ports.ts";
import type { CrMetrics, MessageDisposition, XmppAccountCreator } from "./types.ts";

export interface AccountDeps {
  /** Undefined when the sender has no XMPP session. */
  readonly accounts: XmppAccountCreator | undefined;
  /** Undefined when ACS_SECRETS_KEY is not set. */
  readonly sealer: SecretSealer | undefined;
  readonly record: (status: XmppAccountStatus) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  readonly timeoutMs: number;
}

/** A store or session hiccup: try again later. */
const retryAfterSeconds = 30;

/**
 * The built-in XMPP profile's account request (issue 6): create the CPE's
 * account on the ACS's own XMPP server with XEP-0133 "Add User", run by the
 * sender's session (an admin). An existing account is this device's (the name
 * is derived from the device id): its password is set to the device's
 * current one (XEP-0133 Change User Password), so a lost password heals. A
 * refusal is recorded on the device (the API shows it) and never retried;
 * the CPE then stays reachable over HTTP.
 */
export async function createXmppAccount(
  deps: AccountDeps,
  device: DeviceRecord,
): Promise<MessageDisposition> {
  const secrets = device.crSecrets;
  const at = deps.clock.now();
  if (!secrets) {
    deps.logger.warn("xmpp account requested for a device without secrets", {
      deviceId: device.id,
    });
    return { kind: "delete" };
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
  const status = statusFor(outcome, at);
  if (status === undefined) {
    deps.logger.warn("xmpp account creation will be retried", {
      deviceId: device.id,
      outcome: outcome.kind,
    });
    return { kind: "retry", delaySeconds: retryAfterSeconds, reason: `xmpp ${outcome.kind}` };
  }
  await deps.record(status);
  deps.logger.info("xmpp account", { deviceId: device.id, ...status });
  return { kind: "delete" };
}

async function refuse(
  deps: AccountDeps,
  device: DeviceRecord,
  status: XmppAccountStatus,
): Promise<MessageDisposition> {
  deps.metrics.count("XmppAccount", { Outcome: "refused" });
  deps.logger.warn("xmpp account not created", { deviceId: device.id, detail: status.detail });
  await deps.record(status);
  return { kind: "delete" };
}

/** The status to record, or undefined when the attempt should be repeated. */
function statusFor(outcome: XmppAddUserOutcome, at: number): XmppAccountStatus | undefined {
  switch (outcome.kind) {
    case "created":
    case "exists":
      return { status: outcome.kind, at };
    case "password-reset":
      return { status: "exists", at, detail: "existed; its password was set to this device's" };
    case "forbidden":
      return {
        status: "refused",
        at,
        detail: "the ACS account is not an admin of the XMPP server",
      };
    case "unsupported":
      return { status: "refused", at, detail: "the XMPP server does not offer XEP-0133 Add User" };
    case "error":
      return {
        status: "refused",
        at,
        detail: `xmpp error: ${outcome.condition}${outcome.text ? ` (${outcome.text})` : ""}`,
      };
    case "timeout":
    case "session-down":
      return undefined;
    default:
      return assertNever(outcome);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
