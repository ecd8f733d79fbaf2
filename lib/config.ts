import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Node } from "constructs";
import type { z } from "zod";
import type { LogLevel } from "../functions/adapters/log/json-logger.ts";
import type { CrMethod } from "../functions/core/connection-request/cr-methods.ts";
import { type frontDoorSchema, stageSchema } from "./stage-schema.ts";

export type {
  ConnectionRequestUdpStageConfig,
  ConsoleStageConfig,
  CpeAuthMode,
  CpeDigestStageConfig,
  CrUrlGuardStageConfig,
  CustomDomainStageConfig,
  CwmpEntry,
  CwmpFrontDoorStageConfig,
  FilesStageConfig,
  LambdaSystemLogLevel,
  SealingKeyRingStageConfig,
  SenderArchitecture,
  TableWarmThroughputStageConfig,
  ThrottleStageConfig,
  XmppStageConfig,
} from "./stage-options.ts";

import type {
  BulkDataStageConfig,
  ConnectionRequestUdpStageConfig,
  ConsoleStageConfig,
  CpeAuthMode,
  CpeDigestStageConfig,
  CrUrlGuardStageConfig,
  CustomDomainStageConfig,
  CwmpEntry,
  CwmpFrontDoorStageConfig,
  FilesStageConfig,
  LambdaSystemLogLevel,
  SealingKeyRingStageConfig,
  SenderArchitecture,
  TableWarmThroughputStageConfig,
  ThrottleStageConfig,
  XmppStageConfig,
} from "./stage-options.ts";

/** Everything a stage of the ACS is configured with; read once from cdk.json context. */
export interface AcsStageConfig {
  /** Stage name, used in stack names (e.g. "dev", "prod"). */
  readonly stage: string;
  /** Target account and region; unset keeps the stacks environment-agnostic (offline synth). */
  readonly env?: { readonly account?: string; readonly region?: string };
  readonly cpeAuth: CpeAuthMode;
  /** Generate one shared CPE username/password in Secrets Manager. @default false */
  readonly sharedCpeCredentials: boolean;
  /** Digest algorithms, answers without qop, nonce lifetime (with `cpeAuth: digest`). */
  readonly cpeDigest: CpeDigestStageConfig;
  /** A key ring for rotating the sealing key. @default - one key, never rotated */
  readonly sealingKeyRing?: SealingKeyRingStageConfig;
  /**
   * Give every CPE its own ConnectionRequestUsername/Password (the built-in profile, sealed
   * in the table), not only XMPP-capable ones. @default false: the sender's shared pair
   */
  readonly perDeviceConnectionRequestCredentials: boolean;
  /**
   * ACS_LOG_LEVEL of the CWMP and API functions and the sender: the application's own filter,
   * applied before a line is written. "warn" saves the two info lines of every CWMP session
   * (about $5.50 per million devices a month at daily Informs, README cost model) but stops
   * the dashboard's "sessions opened" and "task replies" graphs, whose metric filters count
   * info lines (lib/constructs/log-metrics.ts; no alarm reads them). @default "info"
   */
  readonly logLevel: LogLevel;
  /**
   * Lambda's system log level (advanced logging controls, JSON log format) for the ACS
   * functions. "warn" drops the START/END/REPORT lines of every invocation, two thirds of
   * the CWMP function's log bytes; Lambda's own metrics (Invocations, Errors with timeouts,
   * Duration, Throttles) are unaffected. Set "info" to see each invocation's billed
   * duration, memory used and init duration in the logs again. @default "warn"
   */
  readonly lambdaSystemLogLevel: LambdaSystemLogLevel;
  /**
   * Parameters whose values are secret beyond the built-in TR-181/TR-098 password-type
   * names (ACS_SECRET_PARAMETERS: masked in views, sealed where re-sent). @default []
   */
  readonly secretParameters: readonly string[];
  /**
   * A CWMP session idle this long may be taken over by any new Inform of its device
   * (a reboot or a retried session takes over at once). @default 30
   */
  readonly sessionIdleTimeoutSeconds: number;
  /** Without it the sender only does HTTP connection requests. */
  readonly xmpp?: XmppStageConfig;
  /** Generate the username/password the sender uses for HTTP connection requests. @default true */
  readonly connectionRequestCredentials: boolean;
  /** The built-in bulk data profile (TR-232). @default - off */
  readonly bulkData?: BulkDataStageConfig;
  readonly customDomain?: CustomDomainStageConfig;
  /** HTTP API stage throttling. @default 1000 requests/s, burst 2000 */
  readonly throttle: ThrottleStageConfig;
  /**
   * Throttling of the CWMP routes alone (API Gateway route settings), so a flood of CPE
   * requests cannot use up the stage limit the provisioning API shares. This is the rate
   * limit an HTTP API offers: AWS WAF cannot be associated with API Gateway HTTP APIs
   * (only REST APIs, ALBs, CloudFront, ...), so a per-source-IP WAF rule needs CloudFront
   * or an ALB in front (`cwmpFrontDoor`). @default - the stage throttle applies
   */
  readonly cwmpThrottle?: ThrottleStageConfig;
  /**
   * Reserved concurrency of the CWMP function: its ceiling (a flood of Informs cannot
   * take the whole account's concurrency from the API and other functions) and its
   * guaranteed share. @default - unreserved: Lambda refuses a reservation that leaves
   * the account fewer than 100 unreserved executions, and new accounts start with a
   * quota of 10, so any fixed default would fail some deploys. Size it from the quota.
   */
  readonly cwmpReservedConcurrency?: number;
  /**
   * Memory of the CWMP function, which also sets its CPU share (Lambda gives 1 vCPU at
   * 1,769 MB, in proportion below). 256 saves about $2 per million devices a month at daily
   * Informs but roughly doubles the cold start and lengthens each invocation, so a boot storm
   * needs more concurrency (BENCHMARKS.md, cost model). @default 512
   */
  readonly cwmpMemoryMiB: number;
  /**
   * Read and write units/s the table serves at once (DynamoDB warm throughput): pre-warm it
   * for a boot storm, since on demand only doubles the previous peak at once (BENCHMARKS.md,
   * "A 1M-device boot storm, on paper"). Raising it is billed once; it can never be lowered.
   * @default - DynamoDB's own: 4,000 writes and 12,000 reads for a new on-demand table
   */
  readonly tableWarmThroughput?: TableWarmThroughputStageConfig;
  /**
   * One customer-managed KMS key (rotated yearly) for the table, every secret and every
   * log group, instead of AWS-owned/managed keys; it lives in the data stack with the
   * table. Needs `env.region`. @default false
   */
  readonly customerManagedKey: boolean;
  /** Restricts HTTP connection-request destinations. @default - any port, any private range */
  readonly crUrlGuard?: CrUrlGuardStageConfig;
  /**
   * UDP connection requests with STUN (TR-069 Annex G), and the order the sender tries the
   * methods in (ACS_CR_METHODS). @default - UDP off; xmpp, http, udp
   */
  readonly connectionRequest?: {
    readonly udp?: ConnectionRequestUdpStageConfig;
    readonly methods?: readonly CrMethod[];
  };
  /** ALB + WAF door for CWMP; needs `env.region`. @default - CPEs use the HTTP API only */
  readonly cwmpFrontDoor?: CwmpFrontDoorStageConfig;
  /** CWMP through the HTTP API, the front door, or both; "alb"/"both" need `cwmpFrontDoor`. @default "api" */
  readonly cwmpEntry: CwmpEntry;
  readonly sender: {
    /** Upper bound of the sender's task count; the lower bound is always 1. @default 4 */
    readonly maxTasks: number;
    /** Visible messages per step before another task starts. @default 100 */
    readonly scaleOutQueueDepth: number;
    /** @default 256 (0.25 vCPU) */
    readonly cpu: number;
    /** @default 512 */
    readonly memoryMiB: number;
    /** @default "arm64" (the image is built for it at deploy) */
    readonly architecture: SenderArchitecture;
    /** NAT gateways for the sender's private subnets. @default 1 */
    readonly natGateways: number;
  };
  readonly logRetention: RetentionDays;
  readonly files: FilesStageConfig;
  readonly console: ConsoleStageConfig;
  /** An existing SNS topic that receives every alarm; without it alarms only show on the dashboard. */
  readonly alarmTopicArn?: string;
}

/** A stage's context is missing or malformed; the message names the key. */
export class StageConfigError extends Error {
  override readonly name = "StageConfigError";
  constructor(
    readonly key: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`context ${key}: ${problem}`, options);
  }
}

/**
 * Validates one stage's settings (the value of `acs:stages.<stage>` in
 * cdk.json) and applies the documented defaults.
 */
export function parseStageConfig(stage: string, raw: unknown): AcsStageConfig {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,20}$/.test(stage)) {
    throw new StageConfigError("acs:stage", "must be a letter then letters, digits or '-'");
  }
  const parsed = stageSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["acs:stages", stage, ...(issue?.path ?? []).map(String)].join(".");
    throw new StageConfigError(path, issue?.message ?? "invalid", { cause: parsed.error });
  }
  const { logRetentionDays, customDomain, cwmpFrontDoor, ...rest } = parsed.data;
  if (rest.customerManagedKey && !rest.env?.region) {
    // DynamoDB global tables (TableV2) name the key per replica region.
    throw new StageConfigError(
      `acs:stages.${stage}.customerManagedKey`,
      "needs env.region (the table's key is given per region)",
    );
  }
  if (customDomain && !customDomain.certificateArn && !customDomain.hostedZone) {
    throw new StageConfigError(
      `acs:stages.${stage}.customDomain`,
      "needs certificateArn or hostedZone (to issue a DNS-validated certificate)",
    );
  }
  const frontDoor =
    cwmpFrontDoor && resolveFrontDoor(stage, cwmpFrontDoor, customDomain, rest.env?.region);
  if (rest.connectionRequest?.udp?.enabled && rest.sender.maxTasks > 1) {
    // The CPE's binding lives in one task's NLB flow: a CR from another task would not pass
    // the CPE's NAT (README: UDP connection requests on AWS).
    throw new StageConfigError(
      `acs:stages.${stage}.sender.maxTasks`,
      "must be 1 with connectionRequest.udp enabled (the UDP connection request must leave from the task holding the CPE's STUN binding)",
    );
  }
  if (rest.cwmpEntry !== "api" && !frontDoor) {
    throw new StageConfigError(`acs:stages.${stage}.cwmpEntry`, "needs cwmpFrontDoor");
  }
  return {
    stage,
    ...rest,
    ...(customDomain && { customDomain }),
    ...(frontDoor && { cwmpFrontDoor: frontDoor }),
    logRetention: logRetentionDays as RetentionDays,
  };
}

/**
 * The front door's certificate, zone and TLS floor, defaulting to the custom domain's: an
 * HTTPS listener cannot start without a certificate, so one must be named or issuable.
 */
function resolveFrontDoor(
  stage: string,
  frontDoor: z.infer<typeof frontDoorSchema>,
  customDomain: CustomDomainStageConfig | undefined,
  region: string | undefined,
): CwmpFrontDoorStageConfig {
  const key = `acs:stages.${stage}.cwmpFrontDoor`;
  if (!region) {
    // The access-log bucket's policy names the region's Elastic Load Balancing account.
    throw new StageConfigError(key, "needs env.region (for the load balancer's access logs)");
  }
  if (frontDoor.domainName.toLowerCase() === customDomain?.domainName.toLowerCase()) {
    throw new StageConfigError(`${key}.domainName`, "must differ from customDomain.domainName");
  }
  const certificateArn = frontDoor.certificateArn ?? customDomain?.certificateArn;
  const zone = frontDoor.hostedZone ?? customDomain?.hostedZone;
  if (!certificateArn && !zone) {
    throw new StageConfigError(
      key,
      "needs a certificate for its HTTPS listener: certificateArn, customDomain.certificateArn, or a hostedZone to issue one in",
    );
  }
  return {
    ...frontDoor,
    ...(certificateArn && { certificateArn }),
    ...(zone && { hostedZone: zone }),
    minimumTls: frontDoor.minimumTls ?? customDomain?.minimumTls ?? "1.2",
  };
}

/**
 * The only infrastructure code that reads CDK context: `acs:stage` picks the
 * stage (default "dev"), `acs:stages` holds each stage's settings.
 */
export function readStageConfig(node: Node): AcsStageConfig {
  const stage: unknown = node.tryGetContext("acs:stage") ?? "dev";
  if (typeof stage !== "string") throw new StageConfigError("acs:stage", "must be a string");
  const stages: unknown = node.tryGetContext("acs:stages") ?? {};
  if (typeof stages !== "object" || stages === null || Array.isArray(stages)) {
    throw new StageConfigError("acs:stages", "must be an object keyed by stage name");
  }
  return parseStageConfig(stage, (stages as Record<string, unknown>)[stage]);
}
