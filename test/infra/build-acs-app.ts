import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { AcsStack } from "../../lib/acs-stack.ts";
import { parseStageConfig } from "../../lib/config.ts";
import { DataStack } from "../../lib/data-stack.ts";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A stage with every optional part switched on, so every construct is synthesized. */
export const fullStage = {
  env: { region: "eu-west-1" },
  cpeAuth: "digest",
  sharedCpeCredentials: true,
  xmpp: { service: "xmpps://xmpp.example.net:5223", jid: "acs@example.net" },
  connectionRequestCredentials: true,
  customDomain: {
    domainName: "acs.example.net",
    hostedZone: { id: "Z0000000000000000000", name: "example.net" },
  },
  alarmTopicArn: "arn:aws:sns:eu-west-1:111111111111:acs-alarms",
  cwmpReservedConcurrency: 200,
  cwmpThrottle: { rateLimit: 500, burstLimit: 800 },
  customerManagedKey: true,
  crUrlGuard: {
    allowedPorts: [7547, "30000-30010"],
    allowedNetworks: ["10.0.0.0/8", "100.64.0.0/10"],
  },
  cwmpFrontDoor: { domainName: "cwmp.example.net", rateLimitPerIp: 1200, managedCommonRules: true },
  cpeDigest: { algorithms: ["MD5"], acceptWithoutQop: true, nonceLifetimeSeconds: 120 },
  sealingKeyRing: { currentKeyId: "k1" },
  perDeviceConnectionRequestCredentials: true,
  logLevel: "warn",
  lambdaSystemLogLevel: "info",
  cwmpMemoryMiB: 1024,
  secretParameters: ["X_ACME_Token", "Device.X_ACME_Vpn.*.Key"],
  files: { urlLifetimeSeconds: 900, noncurrentVersionDays: 14 },
  bulkData: { parameters: ["Device.DeviceInfo.UpTime", "Device.WiFi.Radio.*.Stats."] },
};

/** UDP connection requests with STUN: the sender behind an NLB (UDP 3478) with Elastic IPs. */
export const udpStage = {
  env: { region: "eu-west-1" },
  connectionRequest: { udp: { enabled: true, keepAliveSeconds: 25 } },
  sender: { maxTasks: 1 },
};

/** CWMP through the ALB only: plain HTTP on 7547 and 80 (digest), mutual TLS on 443. */
export const albEntryStage = {
  env: { region: "eu-west-1" },
  cpeAuth: "digest",
  cwmpEntry: "alb",
  cwmpFrontDoor: {
    domainName: "cwmp.example.net",
    hostedZone: { id: "Z0000000000000000000", name: "example.net" },
    httpPorts: [7547, 80],
    mtls: { caBundleS3Uri: "s3://operator-pki/cpe-ca.pem" },
  },
};

/** Stand-ins for the built console: the bundle's contents do not change the wiring. */
export const stubConsoleFiles = [
  { path: "index.html", contents: "<!doctype html><title>ACS console</title>" },
  { path: "console/app.js", contents: "export {};" },
];

const XMPP_CERT_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:xmpp-cert-AbCdEf";

/** ejabberd with the stack: CPE accounts by HMAC, so the ACS creates none. */
export const xmppServerStage = {
  env: { region: "eu-west-1" },
  xmpp: {
    service: "xmpp://xmpp.example.net:5222",
    jid: "acs@example.net",
    createAccounts: false,
    cpeServers: ["xmpp.example.net:5223"],
    server: "deploy",
    deployedServer: { certificateSecretArn: XMPP_CERT_ARN },
  },
};

export interface AcsTestApp {
  readonly app: App;
  readonly data: DataStack;
  readonly acs: AcsStack;
  /** Removes the synthesis output and the stand-in Dockerfile. */
  dispose(): void;
}

/**
 * The same assembly as bin/acs.ts, for tests: Lambda bundling skipped
 * (context `aws:cdk:bundling-stacks` = []), the sender's image built from a
 * temporary folder holding a stand-in Dockerfile, output in a temp folder.
 * `validate` adds cdk-nag AwsSolutions and CDK's CloudFormation validation.
 */
export function buildAcsApp(options: { stage?: unknown; validate?: boolean } = {}): AcsTestApp {
  const scratch = mkdtempSync(join(tmpdir(), "acs-infra-"));
  const imageDir = join(scratch, "image");
  mkdirSync(imageDir);
  writeFileSync(join(imageDir, "Dockerfile"), "FROM scratch\n");
  const app = new App({
    outdir: join(scratch, "cdk.out"),
    context: { "aws:cdk:bundling-stacks": [] },
    // CDK's own CloudFormation schema check costs seconds per process: only where asked.
    builtinCloudFormationValidation: options.validate === true,
  });
  const config = parseStageConfig("test", options.stage ?? fullStage);
  const data = new DataStack(app, "Data", {
    env: config.env,
    customerManagedKey: config.customerManagedKey,
    sealingKeyRing: config.sealingKeyRing !== undefined,
    filesNoncurrentVersionDays: config.files.noncurrentVersionDays,
    ...(config.console.enabled && {
      consoleUsers: { stage: config.stage, domainPrefix: config.console.cognitoDomainPrefix },
    }),
  });
  const acs = new AcsStack(app, "Acs", {
    env: config.env,
    config,
    projectRoot,
    table: data.table,
    indexNames: data.indexNames,
    secretsKey: data.secretsKey,
    ...(data.secretsKeys && { secretsKeys: data.secretsKeys }),
    encryptionKey: data.encryptionKey,
    filesBucket: data.filesBucket,
    bulkDataKey: data.bulkData.key,
    senderImage: { directory: imageDir, file: "Dockerfile", exclude: [] },
    ...(data.consoleUsers && { console: { files: stubConsoleFiles, users: data.consoleUsers } }),
  });
  if (options.validate) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, acs, dispose: () => rmSync(scratch, { recursive: true, force: true }) };
}
