/** The option groups of a stage (lib/config.ts reads and validates them). */
/** CPE authentication on the CWMP endpoint. In AWS it is on by default. */
export type CpeAuthMode = "digest" | "basic" | "none";

/** Lambda's system log level of the ACS functions (lib/constructs/acs-function.ts). */
export type LambdaSystemLogLevel = "debug" | "info" | "warn";

/** CPU architecture of the connection-request sender's container. */
export type SenderArchitecture = "arm64" | "x86_64";

/** The XMPP account the sender signs in with (TR-069 Annex K). */
export interface XmppStageConfig {
  /** `xmpp://host:5222` (STARTTLS) or `xmpps://host:5223` (direct TLS). */
  readonly service: string;
  /** Bare JID of the ACS account, e.g. `acs@xmpp.example.net`; its domain is the XMPP domain. */
  readonly jid: string;
  /** Refuse to sign in without TLS. @default true */
  readonly requireTls: boolean;
  /** The built-in profile configures XMPP-capable CPEs for XMPP CRs. @default true */
  readonly provisionCpes: boolean;
  /** Create CPE accounts with XEP-0133 (the ACS account must be a server admin). @default true */
  readonly createAccounts: boolean;
  /** host[:port] entries for Device.XMPP.Connection.{i}.Server; empty: CPEs use DNS-SRV. */
  readonly cpeServers: readonly string[];
  /** CPEs must use TLS to the XMPP server. @default true */
  readonly cpeUseTls: boolean;
  /**
   * "deploy": run ejabberd with the stack (lib/constructs/xmpp-server.ts; external auth, so
   * `createAccounts` must be false); "external": an XMPP server of your own. @default "external"
   */
  readonly server: "deploy" | "external";
  /** With `server: "deploy"`: the task's size and its TLS certificate. */
  readonly deployedServer?: DeployedXmppServerStageConfig;
}

/** The ejabberd task of `xmpp.server: "deploy"`. */
export interface DeployedXmppServerStageConfig {
  /** Secrets Manager secret holding the PEM (private key + chain) for the XMPP domain. */
  readonly certificateSecretArn: string;
  /** @default 1024 (1 vCPU) */
  readonly cpu: number;
  /** @default 2048 */
  readonly memoryMiB: number;
}

/** A custom domain for the HTTP API, so CPEs get a stable HTTPS URL. */
export interface CustomDomainStageConfig {
  /** e.g. `acs.example.net` */
  readonly domainName: string;
  /** An ACM certificate in the stack's region; without it one is issued, validated in `hostedZone`. */
  readonly certificateArn?: string;
  /** Route 53 zone for DNS validation and the alias record; without it, create the DNS record yourself. */
  readonly hostedZone?: { readonly id: string; readonly name: string };
  /** Oldest TLS version offered; some old CPEs only speak TLS 1.0. @default "1.2" */
  readonly minimumTls: "1.0" | "1.2";
  /**
   * Turn off the default `execute-api` endpoint, so the API is only reachable through the
   * domain (one TLS policy, one name to watch). @default true
   */
  readonly disableExecuteApiEndpoint: boolean;
}

/** Requests per second and burst of an API Gateway throttle. */
export interface ThrottleStageConfig {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** DynamoDB warm throughput of the table: units/s it serves at once, before any scaling. */
export interface TableWarmThroughputStageConfig {
  /** At least 12,000 (a new on-demand table's own). @default - DynamoDB's */
  readonly readUnitsPerSecond?: number;
  /** At least 4,000 (a new on-demand table's own). @default - DynamoDB's */
  readonly writeUnitsPerSecond?: number;
}

/**
 * Where the sender may send HTTP connection requests (TR-069 §3.2.2). Unset, any port and
 * any private range is allowed; only loopback, link-local, metadata and similar ranges
 * are refused (functions/adapters/http-cr/create-url-guard.ts says why).
 */
export interface CrUrlGuardStageConfig {
  /** Ports or `from-to` ranges, e.g. `[7547, "30000-30100"]`; empty: any port. */
  readonly allowedPorts: readonly (number | string)[];
  /** CIDRs every resolved address must lie in, e.g. the operator's CPE ranges; empty: any. */
  readonly allowedNetworks: readonly string[];
}

/**
 * An Application Load Balancer in front of the CWMP function, guarded by an AWS WAF web ACL
 * with a rate-based rule per source IP. It exists because WAFv2 cannot be associated with
 * API Gateway HTTP APIs. CPEs whose ManagementServer.URL names `domainName` come through it;
 * the HTTP API's CWMP routes stay for CPEs not moved yet (and the provisioning API stays there).
 */
export interface CwmpFrontDoorStageConfig {
  /** Host name CPEs use (`https://<domainName>/cwmp`); the certificate must cover it. */
  readonly domainName: string;
  /**
   * ACM certificate of the HTTPS listener, in the stack's region. @default - the
   * customDomain's certificateArn (it must then cover this name too, e.g. a wildcard);
   * without either, one is issued for `domainName`, validated in `hostedZone`
   */
  readonly certificateArn?: string;
  /** Route 53 zone for DNS validation and the alias record. @default - customDomain.hostedZone */
  readonly hostedZone?: { readonly id: string; readonly name: string };
  /** Oldest TLS version offered. @default - customDomain.minimumTls, else "1.2" */
  readonly minimumTls: "1.0" | "1.2";
  /**
   * Requests one source IP may send in any 5 minutes before WAF answers it 429 until it
   * slows down. A CWMP session is several POSTs, and CPEs behind one NAT address share the
   * budget: size it for the largest such group. @default 2000
   */
  readonly rateLimitPerIp: number;
  /**
   * Add the AWS managed common rule set. @default false: its body rules (size, XSS
   * patterns) are written for web forms and block ordinary CWMP SOAP envelopes.
   */
  readonly managedCommonRules: boolean;
  /**
   * Guard the load balancer with the web ACL. Without it the door costs $0.60 per million
   * requests less ($36.48 per million devices a month at daily Informs, plus $6 of ACL and
   * rule) but nothing limits requests per source IP: one address can flood the CWMP function
   * (each request is an invocation, and an unauthenticated one still costs a 401) up to
   * `cwmpReservedConcurrency` or the account's concurrency. Turn it off only where the CPE
   * networks are trusted or filtered upstream. @default true
   */
  readonly webAcl: boolean;
  /**
   * Plain-HTTP listeners for CPEs whose ManagementServer.URL is `http://...` (7547 is the
   * customary CWMP port, TR-069 §3.4). Only with `cpeAuth: digest`: Basic would send CPE
   * passwords in the clear, and synth refuses it. @default [] (HTTPS only)
   */
  readonly httpPorts: readonly (80 | 7547)[];
  /**
   * Mutual TLS in verify mode on the HTTPS listener: the load balancer checks each CPE's client
   * certificate against this CA bundle (PEM), and the CWMP function binds the certificate's
   * subject CN to the device id (README: CPE client certificates). Give exactly one of an
   * object already in S3 (`s3://bucket/key`) or a file deployed as an asset.
   */
  readonly mtls?: { readonly caBundleS3Uri: string } | { readonly caBundleFile: string };
}

/** Which door CPEs use for CWMP: the HTTP API, the ALB front door, or both. */
export type CwmpEntry = "api" | "alb" | "both";

/** CPE -> ACS HTTP digest (RFC 7616) on the CWMP endpoint, with `cpeAuth: digest`. */
export interface CpeDigestStageConfig {
  /**
   * Offered to CPEs in this order, one challenge each (RFC 7616 section 3.7). `["MD5"]` for
   * agents that cannot parse two challenges in one header. @default ["SHA-256", "MD5"]
   */
  readonly algorithms: readonly ("SHA-256" | "MD5")[];
  /**
   * Accept answers without qop (RFC 2069 style, no cnonce or nc; some agents send only that).
   * They cannot be checked for replay as well: off unless a fleet needs it. @default false
   */
  readonly acceptWithoutQop: boolean;
  /** How long a nonce is accepted; a CPE with an expired one gets one more 401. @default 60 */
  readonly nonceLifetimeSeconds: number;
}

/**
 * Sealing-key rotation: a second, retained secret holding more sealing keys, a JSON object
 * `{"<id>": "<key>"}`, created with one generated key (`firstRingKeyId`, lib/data-stack.ts).
 * The first key (`SecretsKey`, id "legacy") always stays readable.
 */
export interface SealingKeyRingStageConfig {
  /** The key new values are sealed with: "legacy" or an id in the ring secret. */
  readonly currentKeyId: string;
}

/**
 * The file store (firmware images, configuration files, device uploads): an S3 bucket in the
 * data stack, reached by presigned URLs.
 */
export interface FilesStageConfig {
  /**
   * How long a presigned GET or PUT URL is valid (ACS_FILES_URL_LIFETIME_SECONDS). Download
   * and Upload URLs are presigned when the RPC is sent, so the CPE needs it for minutes only;
   * a URL also stops working when the signing role's session ends. @default 3600
   */
  readonly urlLifetimeSeconds: number;
  /** Days an overwritten or deleted file's old version is kept. @default 30 */
  readonly noncurrentVersionDays: number;
}

/**
 * The operator console in AWS: static files behind CloudFront, users in a Cognito user pool
 * (lib/constructs/console-users.ts, lib/constructs/operator-console.ts).
 */
export interface ConsoleStageConfig {
  /** Deploy the console, its user pool and the `/console-api` routes. @default true */
  readonly enabled: boolean;
  /**
   * Prefix of the Cognito hosted-UI domain, `<prefix>.auth.<region>.amazoncognito.com`; unique
   * per region across all accounts. @default - `acs-<stage>-<account id>`
   */
  readonly cognitoDomainPrefix?: string;
}

/**
 * UDP connection requests through NAT (TR-069 Annex G, TR-111 Part 2): the sender runs a STUN
 * server behind a Network Load Balancer (UDP 3478, Elastic IPs), and the built-in profile points
 * CPEs that have ManagementServer.STUNEnable at it. README: UDP connection requests on AWS.
 */
export interface ConnectionRequestUdpStageConfig {
  readonly enabled: boolean;
  /**
   * ManagementServer.STUNMinimumKeepAlivePeriod: it must stay below the NLB's UDP flow idle
   * timeout (120 s) and the CPEs' own NAT timeouts. @default 30
   */
  readonly keepAliveSeconds: number;
}

/** The built-in bulk data profile's stage settings (lib/stage-schema.ts `bulkData`). */
export interface BulkDataStageConfig {
  /** TR-181 references every device reports (`Parameter.{i}.Reference`). */
  readonly parameters: readonly string[];
  readonly intervalSeconds: number;
  /** ACS_BULK_DATA_FORMAT: `<EncodingType>:<ReportFormat>`. */
  readonly format: string;
}
