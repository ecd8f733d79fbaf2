import { Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { CpeAuthMode, CpeDigestStageConfig, XmppStageConfig } from "../config.ts";
import type { LambdaSystemLogLevel } from "../stage-options.ts";
import { AcsFunction } from "./acs-function.ts";
import { type FileStore, useFileStore } from "./file-store.ts";
import {
  tableReadWriteActions,
  useEventBus,
  useQueueForSending,
  useSecretArn,
  useTable,
} from "./grants.ts";
import { type RuntimeSettings, runtimeEnvironment } from "./runtime-environment.ts";
import { type SealingKeys, sealingKeyEnv, useSealingKeys } from "./sealing-keys.ts";

/** Names of the variables that carry secret ARNs to the CWMP runtime. */
export const cwmpSecretEnv = {
  nonce: "ACS_NONCE_SECRET_ARN",
  secretsKey: sealingKeyEnv.legacyKey,
  xmppAccountKey: "ACS_XMPP_ACCOUNT_KEY_ARN",
  cpeCredentials: "ACS_CPE_CREDENTIALS_SECRET_ARN",
} as const;

export interface CwmpFunctionProps {
  readonly projectRoot: string;
  readonly table: ITableV2;
  readonly indexNames: readonly string[];
  /** Lifecycle events (Inform, session end) go here. */
  readonly bus: IEventBus;
  readonly cpeAuth: CpeAuthMode;
  /** With `cpeAuth: digest`: algorithms offered, answers without qop, nonce lifetime. */
  readonly cpeDigest: CpeDigestStageConfig;
  /** Generate one shared CPE username/password (JSON `{username, password}`). */
  readonly sharedCpeCredentials: boolean;
  readonly sessionIdleTimeoutSeconds: number;
  readonly logRetention: RetentionDays;
  /** Lambda's system log level (AcsFunctionProps). @default "warn" */
  readonly systemLogLevel?: LambdaSystemLogLevel;
  /** Memory, and with it the CPU share (lib/config.ts `cwmpMemoryMiB`). @default 512 */
  readonly memorySize?: number;
  /** Seal per-device CR and XMPP passwords (and open them, and secret task values). */
  readonly sealingKeys: SealingKeys;
  /**
   * ACS_CR_CREDENTIALS: "per-device" gives every CPE its own connection-request pair (the
   * built-in profile); "shared" leaves them to the operator (XMPP-capable CPEs still get one).
   */
  readonly crCredentials: "shared" | "per-device";
  /** Log level and secret parameters, as the other processes have them. */
  readonly runtime: RuntimeSettings;
  /** Reserved concurrency (lib/config.ts says why it has no default). */
  readonly reservedConcurrency?: number;
  /** Customer-managed key of the log group and the secrets created here. */
  readonly encryptionKey?: IKey;
  /** Download and Upload RPCs get presigned URLs when they are sent. */
  readonly fileStore: FileStore;
  /** The built-in XMPP profile: its settings, and the sender's queue for account requests. */
  readonly xmppProvisioning?: {
    readonly xmpp: XmppStageConfig;
    readonly accountQueue: IQueue;
  };
}

/**
 * The CWMP endpoint's Lambda (functions/handlers/cwmp.ts) with the secrets
 * it needs: the HMAC key for stateless digest nonces (RFC 7616 §3.3 leaves
 * the nonce format to the server; ours must verify on any instance) and,
 * optionally, shared CPE credentials.
 */
export class CwmpFunction extends Construct {
  public readonly handler: AcsFunction;
  public readonly nonceSecret?: Secret;
  public readonly cpeCredentialsSecret?: Secret;
  /** When the operator creates CPE XMPP accounts: the key their passwords derive from. */
  public xmppAccountKey?: Secret;

  constructor(scope: Construct, id: string, props: CwmpFunctionProps) {
    super(scope, id);
    this.handler = new AcsFunction(this, "Handler", {
      entry: `${props.projectRoot}/functions/handlers/cwmp.ts`,
      projectRoot: props.projectRoot,
      description: "ACS CWMP endpoint (TR-069 sessions)",
      logRetention: props.logRetention,
      systemLogLevel: props.systemLogLevel,
      memorySize: props.memorySize,
      reservedConcurrency: props.reservedConcurrency,
      encryptionKey: props.encryptionKey,
    });
    this.handler.addEnvironment("ACS_CPE_AUTH", props.cpeAuth);
    this.handler.addEnvironment(
      "ACS_SESSION_IDLE_TIMEOUT_SECONDS",
      String(props.sessionIdleTimeoutSeconds),
    );
    useTable(this.handler, {
      table: props.table,
      indexNames: props.indexNames,
      actions: tableReadWriteActions,
    });
    useEventBus(this.handler, props.bus);
    useSealingKeys(this.handler, props.sealingKeys);
    useFileStore(this.handler, props.fileStore, "cwmp");
    this.handler.addEnvironment("ACS_CR_CREDENTIALS", props.crCredentials);
    // ACS_COOKIE_SECURE stays unset: its default in Lambda is on (API Gateway and the ALB
    // serve HTTPS only), and nothing here may turn it off.
    for (const [name, value] of Object.entries(runtimeEnvironment(props.runtime))) {
      this.handler.addEnvironment(name, value);
    }
    if (props.xmppProvisioning) this.provisionXmpp(props.xmppProvisioning, props.encryptionKey);

    if (props.cpeAuth === "digest") {
      this.nonceSecret = new Secret(this, "NonceSecret", {
        description: "HMAC key for the CWMP endpoint's stateless HTTP digest nonces",
        encryptionKey: props.encryptionKey,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
      useSecretArn(this.handler, this.nonceSecret, cwmpSecretEnv.nonce);
      this.configureDigest(props.cpeDigest);
      Validations.of(this.nonceSecret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "The key only signs HTTP digest nonces that are valid for seconds and protects no stored data; replacing it (put-secret-value, see README.md, Deploy to AWS) costs each CPE one extra 401 challenge, so a rotation Lambda would add moving parts without reducing exposure.",
      });
    }
    if (props.sharedCpeCredentials) {
      this.cpeCredentialsSecret = new Secret(this, "CpeCredentials", {
        description: "Shared username/password CPEs use on the CWMP endpoint",
        encryptionKey: props.encryptionKey,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: "cpe" }),
          generateStringKey: "password",
          passwordLength: 32,
          excludePunctuation: true,
        },
      });
      useSecretArn(this.handler, this.cpeCredentialsSecret, cwmpSecretEnv.cpeCredentials);
      Validations.of(this.cpeCredentialsSecret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "These credentials are configured into every CPE (ManagementServer.Username/Password); an automatic rotation would lock out all devices until each has been reprovisioned, so rotation is a planned campaign, not a Lambda.",
      });
    }
  }

  /**
   * Set explicitly, defaults included, so the deployed behaviour never rests on a runtime
   * default: answers without qop (RFC 2069) in particular stay refused unless the stage says so.
   */
  private configureDigest(digest: CpeDigestStageConfig): void {
    this.handler.addEnvironment("ACS_CPE_DIGEST_ALGORITHMS", digest.algorithms.join(","));
    this.handler.addEnvironment("ACS_CPE_DIGEST_LEGACY", String(digest.acceptWithoutQop));
    this.handler.addEnvironment(
      "ACS_CPE_NONCE_LIFETIME_SECONDS",
      String(digest.nonceLifetimeSeconds),
    );
  }

  /** The built-in XMPP connection-request profile's settings (functions/config/provisioning-config.ts). */
  private provisionXmpp(
    settings: NonNullable<CwmpFunctionProps["xmppProvisioning"]>,
    encryptionKey: IKey | undefined,
  ): void {
    const { xmpp } = settings;
    this.handler.addEnvironment("ACS_XMPP_JID", xmpp.jid);
    this.handler.addEnvironment("ACS_XMPP_CREATE_ACCOUNTS", String(xmpp.createAccounts));
    this.handler.addEnvironment("ACS_XMPP_CPE_USE_TLS", String(xmpp.cpeUseTls));
    if (xmpp.cpeServers.length > 0) {
      this.handler.addEnvironment("ACS_XMPP_CPE_SERVERS", xmpp.cpeServers.join(","));
    }
    useQueueForSending(this.handler, settings.accountQueue, "ACS_QUEUE_URL");
    if (!xmpp.createAccounts) {
      // The operator creates CPE accounts; passwords derive from this key, which they share.
      const key = new Secret(this, "XmppAccountKey", {
        description:
          "Key CPE XMPP account passwords are derived from (HMAC-SHA256 of the username)",
        encryptionKey,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      useSecretArn(this.handler, key, cwmpSecretEnv.xmppAccountKey);
      Validations.of(key).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "Every CPE's XMPP password is derived from this key by the operator's own account provisioning; rotating it means re-creating all accounts, a planned operation rather than a rotation Lambda.",
      });
      this.xmppAccountKey = key;
    }
  }
}
