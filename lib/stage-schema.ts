import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { z } from "zod";
import { keyIdPattern, legacyKeyId } from "../functions/adapters/crypto/aes-gcm-sealer.ts";
import { parseCidr } from "../functions/adapters/http-cr/ip-address.ts";
import { parsePortRange } from "../functions/adapters/http-cr/port-range.ts";
import { crMethods } from "../functions/core/connection-request/cr-methods.ts";

/**
 * The zod schema of one stage's settings (`acs:stages.<stage>` in cdk.json): shapes, bounds and
 * defaults. lib/config.ts parses with it and adds the rules that span several options.
 */
const retentionValues = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === "number"),
);

const port = z.number().int().min(1).max(65_535);
/** The sender's own parser decides, so what synthesizes is what it accepts. */
const portRange = z.string().refine((entry) => {
  try {
    parsePortRange(entry);
    return true;
  } catch {
    return false;
  }
}, "must be a port or from-to range of ports");

const hostName = z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a host name");
const hostedZone = z.strictObject({ id: z.string().min(1), name: z.string().min(1) });

export const frontDoorSchema = z.strictObject({
  domainName: hostName,
  certificateArn: z.string().startsWith("arn:").optional(),
  hostedZone: hostedZone.optional(),
  minimumTls: z.enum(["1.0", "1.2"]).optional(),
  // AWS WAF's bounds for a rate-based rule's limit.
  rateLimitPerIp: z.number().int().min(10).max(2_000_000_000).default(2000),
  managedCommonRules: z.boolean().default(false),
  webAcl: z.boolean().default(true),
  httpPorts: z
    .array(z.union([z.literal(80), z.literal(7547)]))
    .refine((ports) => new Set(ports).size === ports.length, "names a port twice")
    .default([]),
  mtls: z
    .union([
      z.strictObject({
        caBundleS3Uri: z.string().regex(/^s3:\/\/[^/]+\/.+$/, "must be s3://bucket/key"),
      }),
      z.strictObject({ caBundleFile: z.string().min(1) }),
    ])
    .optional(),
});

export const stageSchema = z.strictObject({
  env: z
    .strictObject({ account: z.string().regex(/^\d{12}$/), region: z.string().min(1) })
    .partial()
    .optional(),
  cpeAuth: z.enum(["digest", "basic", "none"]).default("digest"),
  sharedCpeCredentials: z.boolean().default(false),
  cpeDigest: z
    .strictObject({
      algorithms: z
        .array(z.enum(["SHA-256", "MD5"]))
        .min(1)
        .refine((names) => new Set(names).size === names.length, "names an algorithm twice")
        .default(["SHA-256", "MD5"]),
      acceptWithoutQop: z.boolean().default(false),
      // The CWMP function's bounds (functions/config/cwmp-config.ts).
      nonceLifetimeSeconds: z.number().int().min(5).max(3600).default(60),
    })
    .default({ algorithms: ["SHA-256", "MD5"], acceptWithoutQop: false, nonceLifetimeSeconds: 60 }),
  sealingKeyRing: z
    .strictObject({
      currentKeyId: z
        .string()
        .refine(
          (id) => id === legacyKeyId || keyIdPattern.test(id),
          `must be "${legacyKeyId}" or match ${keyIdPattern}`,
        ),
    })
    .optional(),
  perDeviceConnectionRequestCredentials: z.boolean().default(false),
  logLevel: z.enum(["info", "warn", "error"]).default("info"),
  lambdaSystemLogLevel: z.enum(["debug", "info", "warn"]).default("warn"),
  secretParameters: z
    .array(z.string().regex(/^[^,\s]+$/, "one name or pattern, without commas or spaces"))
    .default([]),
  sessionIdleTimeoutSeconds: z.number().int().min(5).max(3600).default(30),
  xmpp: z
    .strictObject({
      service: z.string().regex(/^xmpps?:\/\/[^/]+/, "must be xmpp://host:port or xmpps://"),
      jid: z.string().regex(/^[^@/\s]+@[^@/\s]+$/, "must be a bare JID user@domain"),
      requireTls: z.boolean().default(true),
      /**
       * The built-in profile configures every XMPP-capable CPE for XMPP connection
       * requests. @default true
       */
      provisionCpes: z.boolean().default(true),
      /** Create each CPE's account with XEP-0133 (the ACS account must be a server admin). */
      createAccounts: z.boolean().default(true),
      /** Server addresses given to CPEs (Device.XMPP.Connection.{i}.Server); empty: DNS-SRV. */
      cpeServers: z
        .array(z.string().regex(/^(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/i, "host[:port]"))
        .max(8)
        .default([]),
      /** Whether CPEs must use TLS to the XMPP server. @default true */
      cpeUseTls: z.boolean().default(true),
      /** "deploy": ejabberd runs with the stack (external auth); "external": your own server. */
      server: z.enum(["deploy", "external"]).default("external"),
      deployedServer: z
        .strictObject({
          certificateSecretArn: z.string().startsWith("arn:"),
          cpu: z.number().int().min(256).default(1024),
          memoryMiB: z.number().int().min(512).default(2048),
        })
        .optional(),
    })
    .refine((xmpp) => xmpp.server !== "deploy" || xmpp.deployedServer !== undefined, {
      message: 'server "deploy" needs deployedServer.certificateSecretArn (the TLS certificate)',
      path: ["deployedServer"],
    })
    .refine((xmpp) => xmpp.server !== "deploy" || (!xmpp.createAccounts && xmpp.provisionCpes), {
      message:
        'server "deploy" authenticates CPEs by HMAC(key, username): set createAccounts false (and keep provisionCpes)',
      path: ["createAccounts"],
    })
    .optional(),
  connectionRequestCredentials: z.boolean().default(true),
  /**
   * The built-in bulk data profile (TR-232 over HTTP): every TR-181 CPE with `Device.BulkData.`
   * reports these references to the stage's collector. @default - off
   */
  bulkData: z
    .strictObject({
      parameters: z
        .array(z.string().regex(/^Device\.[^,\s]+$/, "a TR-181 reference under Device."))
        .min(1)
        .max(64),
      intervalSeconds: z.number().int().min(60).max(604_800).default(3600),
      format: z
        .enum([
          "JSON:NameValuePair",
          "JSON:ObjectHierarchy",
          "CSV:ParameterPerRow",
          "CSV:ParameterPerColumn",
        ])
        .default("JSON:NameValuePair"),
    })
    .optional(),
  customDomain: z
    .strictObject({
      domainName: hostName,
      certificateArn: z.string().startsWith("arn:").optional(),
      hostedZone: hostedZone.optional(),
      minimumTls: z.enum(["1.0", "1.2"]).default("1.2"),
      disableExecuteApiEndpoint: z.boolean().default(true),
    })
    .optional(),
  throttle: z
    .strictObject({
      rateLimit: z.number().positive().default(1000),
      burstLimit: z.number().int().positive().default(2000),
    })
    .default({ rateLimit: 1000, burstLimit: 2000 }),
  cwmpThrottle: z
    .strictObject({
      rateLimit: z.number().positive(),
      burstLimit: z.number().int().positive(),
    })
    .optional(),
  cwmpReservedConcurrency: z.number().int().min(1).optional(),
  // Lambda's bounds for a function's memory.
  cwmpMemoryMiB: z.number().int().min(128).max(10_240).default(512),
  tableWarmThroughput: z
    .strictObject({
      readUnitsPerSecond: z.number().int().min(12_000).optional(),
      writeUnitsPerSecond: z.number().int().min(4_000).optional(),
    })
    .refine(
      (warm) => warm.readUnitsPerSecond !== undefined || warm.writeUnitsPerSecond !== undefined,
      {
        message: "give readUnitsPerSecond, writeUnitsPerSecond or both",
      },
    )
    .optional(),
  customerManagedKey: z.boolean().default(false),
  crUrlGuard: z
    .strictObject({
      allowedPorts: z.array(z.union([port, portRange])).default([]),
      allowedNetworks: z
        .array(z.string().refine((cidr) => parseCidr(cidr) !== undefined, "must be a CIDR"))
        .default([]),
    })
    .optional(),
  connectionRequest: z
    .strictObject({
      udp: z
        .strictObject({
          enabled: z.boolean().default(true),
          // Below the NLB's 120 s UDP flow idle timeout, with room for a lost keep-alive.
          keepAliveSeconds: z.number().int().min(10).max(110).default(30),
        })
        .optional(),
      methods: z
        .array(z.enum(crMethods))
        .min(1)
        .refine((methods) => new Set(methods).size === methods.length, "lists a method twice")
        .optional(),
    })
    .optional(),
  cwmpFrontDoor: frontDoorSchema.optional(),
  cwmpEntry: z.enum(["api", "alb", "both"]).default("api"),
  sender: z
    .strictObject({
      maxTasks: z.number().int().min(1).max(100).default(4),
      scaleOutQueueDepth: z.number().int().positive().default(100),
      cpu: z.number().int().default(256),
      memoryMiB: z.number().int().default(512),
      architecture: z.enum(["arm64", "x86_64"]).default("arm64"),
      natGateways: z.number().int().min(1).max(3).default(1),
    })
    .default({
      maxTasks: 4,
      scaleOutQueueDepth: 100,
      cpu: 256,
      memoryMiB: 512,
      architecture: "arm64",
      natGateways: 1,
    }),
  logRetentionDays: z
    .number()
    .refine((days) => retentionValues.has(days), "must be a CloudWatch Logs retention value")
    .default(RetentionDays.ONE_MONTH),
  alarmTopicArn: z.string().startsWith("arn:aws").optional(),
  files: z
    .strictObject({
      // A URL presigned with a role's temporary credentials stops working when they expire,
      // whatever its own lifetime says: longer than 12 hours would only promise more.
      urlLifetimeSeconds: z.number().int().min(60).max(43_200).default(3600),
      noncurrentVersionDays: z.number().int().min(1).max(3650).default(30),
    })
    .default({ urlLifetimeSeconds: 3600, noncurrentVersionDays: 30 }),
  console: z
    .strictObject({
      enabled: z.boolean().default(true),
      // Cognito's rule for domain prefixes; it also refuses "aws", "amazon" and "cognito".
      cognitoDomainPrefix: z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and '-'")
        .refine(
          (prefix) => !/aws|amazon|cognito/.test(prefix),
          "must not contain aws, amazon or cognito",
        )
        .optional(),
    })
    .default({ enabled: true }),
});
