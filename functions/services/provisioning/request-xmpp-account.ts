import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { xmppProfileName } from "../../core/provisioning/xmpp-profile.ts";
import type { SessionDeps } from "../session-deps.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";

/** A request the sender never answered is sent again after this long. */
const requestAgainAfterMs = 10 * 60_000;

/**
 * Once the built-in profile applies (the CPE has XMPP), ask the sender to
 * create the CPE's account (XEP-0133 over its session): the CWMP Lambda has
 * no XMPP session of its own. The sealed password must be stored before the
 * sender reads it, so freshly generated XMPP secrets are saved first. Asked as
 * early as possible (before the values are set) so the account exists when
 * the CPE first logs in.
 */
export async function requestXmppAccount(
  deps: SessionDeps & { readonly provisioning: ProvisioningDeps },
  input: {
    readonly session: SessionState;
    readonly device: DeviceRecord;
    /** The device as loaded: were its secrets stored already? */
    readonly initial: DeviceRecord;
    readonly profile: string;
    readonly now: number;
  },
): Promise<DeviceRecord> {
  const { device, now } = input;
  const xmpp = deps.provisioning.xmpp;
  if (input.profile !== xmppProfileName || xmpp === undefined || !device.crSecrets) return device;
  if (!xmpp.createAccounts) {
    if (device.xmppAccount?.status === "external") return device;
    return { ...device, xmppAccount: { status: "external", at: now } };
  }
  const account = device.xmppAccount;
  const pending = account?.status === "requested" && now - account.at < requestAgainAfterMs;
  if (account !== undefined && (pending || account.status !== "requested")) return device;
  if (input.initial.crSecrets?.xmppPassword === undefined) {
    await deps.devices.saveSession(input.session, { crSecrets: device.crSecrets });
  }
  await xmpp.queue.send({ deviceId: device.id, action: "create-xmpp-account" });
  deps.logger.info("xmpp account requested", { deviceId: device.id });
  return { ...device, xmppAccount: { status: "requested", at: now } };
}
