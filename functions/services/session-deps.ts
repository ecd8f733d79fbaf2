import type { CpeAuthenticator } from "../core/auth/cpe-authenticator.ts";
import type { CwmpCodec } from "../core/cwmp/cwmp-codec.ts";
import type { SendHintSigner } from "../core/session/send-hint.ts";
import type {
  CampaignProgressStore,
  Clock,
  CpeCredentialStore,
  DeviceStore,
  EventSink,
  FileContent,
  FileStore,
  IdSource,
  Logger,
  ParameterStore,
  TaskStore,
} from "../ports.ts";
import type { TaskSecrets } from "../tasks/task-secrets.ts";
import type { DiagnosticsDeps } from "./diagnostics/diagnostics-deps.ts";
import type { ProvisioningDeps } from "./provisioning/provisioning-deps.ts";

/** Everything the CWMP session service needs, passed in once. */
export interface SessionDeps {
  readonly codec: CwmpCodec;
  readonly devices: DeviceStore;
  readonly parameters: ParameterStore;
  readonly tasks: TaskStore;
  readonly credentials: CpeCredentialStore;
  readonly authenticator: CpeAuthenticator;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  /** Campaign tasks: their campaign's status is read before sending, their outcome counted at the end. */
  readonly campaignProgress: CampaignProgressStore;
  /** Lifecycle events (registered, booted, task completed/faulted). */
  readonly events: EventSink;
  /**
   * The session lease (core/session/lease.ts): a session idle this long may be taken over by
   * any new Inform; a reboot or a retried session takes over at once.
   */
  readonly sessionIdleTimeoutMs: number;
  /** A session longer than this many HTTP exchanges is ended (runaway guard). */
  readonly maxExchanges: number;
  /** Opens tasks' sealed secret values to send them; without it such tasks end faulted. */
  readonly taskSecrets?: TaskSecrets;
  /** Provisioning profiles; without it sessions run tasks only. */
  readonly provisioning?: ProvisioningDeps;
  /**
   * The ACS's file store: Download by fileId and Upload without a URL get URLs presigned when
   * the RPC is sent; without it such tasks end faulted.
   */
  readonly files?: SessionFiles;
  /** Diagnostics (TR-143): results read on 8 DIAGNOSTICS COMPLETE; without it none are read. */
  readonly diagnostics?: DiagnosticsDeps;
  /**
   * Signs and checks the cookie's send hint (core/session/send-hint.ts); without it no hint is
   * issued and every task's send reads the session first.
   */
  readonly sendHints?: SendHintSigner;
}

/** Files as a CWMP session uses them (the same bucket and table as the API's). */
export interface SessionFiles {
  readonly store: FileStore;
  /** Operators' files, which Download RPCs name (S3 prefix `files/`). */
  readonly content: FileContent;
  /** What CPEs send with the Upload RPC (S3 prefix `uploads/`; locally the same directory). */
  readonly uploads: FileContent;
  /** How long a presigned Download URL is valid (ACS_FILES_URL_LIFETIME_SECONDS). */
  readonly urlLifetimeSeconds: number;
}
