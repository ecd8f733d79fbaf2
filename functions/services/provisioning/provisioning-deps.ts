import type { BulkDataProfileSettings } from "../../core/bulk-data/bulk-data-profile.ts";
import type { TaskDefaults } from "../../core/model/new-task.ts";
import type { ProfileTiming } from "../../core/provisioning/profile-state.ts";
import type { StunProvisioningSettings } from "../../core/provisioning/stun-profile.ts";
import type { XmppProvisioningSettings } from "../../core/provisioning/xmpp-profile.ts";
import type { ConnectionRequestQueue, SecretSealer } from "../../ports.ts";
import type { ProfileCatalog } from "./profile-catalog.ts";
import type { SessionKnowledgeCache } from "./session-knowledge.ts";

/** What the session engine needs to apply provisioning profiles. */
export interface ProvisioningDeps {
  /** The operator's profiles (cached per instance). */
  readonly catalog: ProfileCatalog;
  /** The built-in XMPP connection-request profile; undefined when XMPP is not configured or off. */
  readonly xmpp?: XmppProvisioningDeps;
  /**
   * The built-in CR-credentials profile (ACS_CR_CREDENTIALS=per-device): every CPE gets its own
   * ConnectionRequestUsername/Password, sealed at rest; undefined: only XMPP CPEs get them.
   */
  readonly crCredentials?: { readonly sealer: SecretSealer };
  /** The built-in STUN profile (UDP CRs, TR-069 Annex G); each device gets its own sealed STUN password. */
  readonly stun?: { readonly settings: StunProvisioningSettings; readonly sealer: SecretSealer };
  /**
   * The built-in bulk data profile (TR-232 over HTTP): each TR-181 device reports to the
   * collector with credentials derived from `key` (core/bulk-data/bulk-data-credentials.ts).
   */
  readonly bulkData?: { readonly settings: BulkDataProfileSettings; readonly key: Uint8Array };
  readonly timing: ProfileTiming;
  /**
   * What live sessions know of their profile subtrees, kept per instance between exchanges;
   * without it every exchange reads them again.
   */
  readonly knowledge?: SessionKnowledgeCache;
  /** Profile RPCs per session at most (a runaway guard; tasks still run after). */
  readonly maxRpcsPerSession: number;
  /** Lifetime and attempts of the one-shot tasks a profile queues. */
  readonly taskDefaults: TaskDefaults;
}

export interface XmppProvisioningDeps {
  readonly settings: XmppProvisioningSettings;
  readonly sealer: SecretSealer;
  /** Ask the sender to create CPE accounts (XEP-0133); false when the operator provisions them. */
  readonly createAccounts: boolean;
  /** ACS_XMPP_ACCOUNT_KEY: with it, XMPP passwords are derived (derived-xmpp-password.ts). */
  readonly accountKey?: string;
  /** The sender's queue: account creation travels as a message (the Lambda has no XMPP session). */
  readonly queue: ConnectionRequestQueue;
}
