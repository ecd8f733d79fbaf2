import { CfnOutput, Fn, Stack, type StackProps } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { type IKey, Key } from "aws-cdk-lib/aws-kms";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { type ISecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { ConsoleFile } from "../functions/console/build-console.ts";
import type { AcsStageConfig } from "./config.ts";
import { AcsHttpApi } from "./constructs/acs-http-api.ts";
import { AcsMonitoring } from "./constructs/acs-monitoring.ts";
import { bulkDataBucketExportNames } from "./constructs/bulk-data-bucket.ts";
import {
  BulkDataCollector,
  bulkDataPath,
  useBulkDataBucket,
  useBulkDataProfile,
} from "./constructs/bulk-data-collector.ts";
import {
  ConnectionRequestService,
  type SenderImageSource,
  senderMetricsService,
} from "./constructs/connection-request-service.ts";
import type { ConsoleUsers } from "./constructs/console-users.ts";
import { CwmpFrontDoor } from "./constructs/cwmp-front-door.ts";
import { CwmpFunction } from "./constructs/cwmp-function.ts";
import { EventRouting } from "./constructs/event-routing.ts";
import type { FileStore } from "./constructs/file-store.ts";
import { consoleApiPrefix, OperatorConsole } from "./constructs/operator-console.ts";
import { ProvisioningFunction } from "./constructs/provisioning-function.ts";
import type { RuntimeSettings } from "./constructs/runtime-environment.ts";
import type { SealingKeys } from "./constructs/sealing-keys.ts";
import { stunPort } from "./constructs/stun-load-balancer.ts";
import { XmppServer } from "./constructs/xmpp-server.ts";
import { filesBucketExportNames } from "./data-stack.ts";
import { xmppServerImageSource } from "./xmpp-server-image.ts";

export interface AcsStackProps extends StackProps {
  readonly config: AcsStageConfig;
  /** The repository root: Lambda entries and the sender's build context are found from it. */
  readonly projectRoot: string;
  /** From DataStack. */
  readonly table: ITableV2;
  readonly indexNames: readonly string[];
  /** From DataStack: seals per-device secrets. */
  readonly secretsKey: ISecret;
  /** From DataStack, with the `sealingKeyRing` stage option: further sealing keys. */
  readonly secretsKeys?: ISecret;
  /** From DataStack, with `customerManagedKey`: encrypts logs and secrets here too. */
  readonly encryptionKey?: IKey;
  /** From DataStack: firmware images, configuration files and device uploads. */
  readonly filesBucket: IBucket;
  /** From DataStack (BulkDataBucket.key): devices' bulk data passwords derive from it. */
  readonly bulkDataKey: ISecret;
  readonly senderImage: SenderImageSource;
  /**
   * With the `console` stage option enabled: the built console (buildConsoleFiles) and its
   * users from DataStack. @default - no console in AWS
   */
  readonly console?: { readonly files: readonly ConsoleFile[]; readonly users: ConsoleUsers };
}

/**
 * Everything stateless, composed from the constructs in lib/constructs:
 * CWMP and provisioning API, connection requests, observability. One stack,
 * so a redeploy or `cdk destroy` never touches the data; the pieces share
 * the bus and the queue without cross-stack exports (which would pin them).
 */
export class AcsStack extends Stack {
  public readonly httpApi: AcsHttpApi;
  /** With the `cwmpFrontDoor` stage option: the ALB and WAF door for CPEs. */
  public readonly frontDoor?: CwmpFrontDoor;
  /** With `console`: the operator console's distribution and app client. */
  public readonly operatorConsole?: OperatorConsole;

  constructor(scope: Construct, id: string, props: AcsStackProps) {
    super(scope, id, props);
    const { config, projectRoot, table, indexNames } = props;
    const logRetention = config.logRetention;
    const metricsNamespace = `ACS/${config.stage}`;
    // By ARN: grants then go to our roles' policies only, never into the data stack's key
    // policy (which would make the data stack depend on this one).
    const encryptionKey =
      props.encryptionKey && Key.fromKeyArn(this, "DataKey", props.encryptionKey.keyArn);
    const sealingKeys = this.sealingKeys(props, encryptionKey);
    // By the data stack's exports, for the same reason as the key: grants stay in our roles'
    // policies. Imported by name, so the dependency on the data stack is said here.
    const dataStack = Stack.of(props.filesBucket);
    this.addDependency(dataStack, "the files bucket's exports");
    const fileStore: FileStore = {
      exports: filesBucketExportNames(dataStack.stackName),
      ...(encryptionKey && { keyArn: encryptionKey.keyArn }),
      urlLifetimeSeconds: config.files.urlLifetimeSeconds,
    };
    const runtime: RuntimeSettings = {
      logLevel: config.logLevel,
      secretParameters: config.secretParameters,
    };

    const events = new EventRouting(this, "Events");
    const cwmp = new CwmpFunction(this, "Cwmp", {
      projectRoot,
      table,
      indexNames,
      bus: events.bus,
      cpeAuth: config.cpeAuth,
      cpeDigest: config.cpeDigest,
      sharedCpeCredentials: config.sharedCpeCredentials,
      sessionIdleTimeoutSeconds: config.sessionIdleTimeoutSeconds,
      logRetention,
      systemLogLevel: config.lambdaSystemLogLevel,
      memorySize: config.cwmpMemoryMiB,
      sealingKeys,
      crCredentials: config.perDeviceConnectionRequestCredentials ? "per-device" : "shared",
      runtime,
      reservedConcurrency: config.cwmpReservedConcurrency,
      encryptionKey,
      fileStore,
      ...(config.xmpp?.provisionCpes && {
        xmppProvisioning: { xmpp: config.xmpp, accountQueue: events.queue },
      }),
    });
    const provisioning = new ProvisioningFunction(this, "Provisioning", {
      projectRoot,
      table,
      indexNames,
      connectionRequestQueue: events.queue,
      bus: events.bus,
      logRetention,
      systemLogLevel: config.lambdaSystemLogLevel,
      encryptionKey,
      sealingKeys,
      ...(cwmp.cpeCredentialsSecret && { sharedCpeCredentials: cwmp.cpeCredentialsSecret }),
      runtime,
      fileStore,
    });
    this.httpApi = new AcsHttpApi(this, "Http", {
      cwmpFunction: cwmp.handler.function,
      apiFunction: provisioning.handler.function,
      throttle: config.throttle,
      cwmpRoutes: config.cwmpEntry !== "alb",
      ...(config.cwmpThrottle && { cwmpThrottle: config.cwmpThrottle }),
      ...(config.customDomain && { customDomain: config.customDomain }),
      logRetention,
      encryptionKey,
    });
    const bulkDataBucket = {
      exports: bulkDataBucketExportNames(dataStack.stackName),
      ...(encryptionKey && { keyArn: encryptionKey.keyArn }),
    };
    new BulkDataCollector(this, "BulkData", {
      projectRoot,
      api: this.httpApi.api,
      bucket: bulkDataBucket,
      key: props.bulkDataKey,
      logRetention,
      systemLogLevel: config.lambdaSystemLogLevel,
      encryptionKey,
    });
    useBulkDataBucket(provisioning.handler, bulkDataBucket, "api");
    if (config.bulkData) {
      useBulkDataProfile(cwmp.handler, {
        stage: config.bulkData,
        url: `${this.httpApi.baseUrl}${bulkDataPath.slice(1)}`,
        key: props.bulkDataKey,
      });
    }
    if (props.console) {
      this.operatorConsole = this.createConsole(props.console, fileStore);
    }
    const sender = new ConnectionRequestService(this, "Sender", {
      image: props.senderImage,
      queue: events.queue,
      deadLetterQueue: events.deadLetterQueue,
      bus: events.bus,
      table,
      indexNames,
      ...(config.xmpp && { xmpp: config.xmpp }),
      connectionRequestCredentials: config.connectionRequestCredentials,
      sealingKeys,
      runtime,
      ...config.sender,
      logRetention,
      metricsNamespace,
      visibilityTimeout: events.visibilityTimeout,
      ...(config.crUrlGuard && { urlGuard: config.crUrlGuard }),
      encryptionKey,
      udp: config.connectionRequest?.udp?.enabled === true,
      ...(config.connectionRequest?.methods && { methods: config.connectionRequest.methods }),
    });
    if (config.xmpp?.server === "deploy") {
      this.deployXmppServer({ config, sender, cwmp, projectRoot, encryptionKey });
    }
    const udp = config.connectionRequest?.udp;
    if (udp?.enabled && sender.stun) {
      // The CWMP function's built-in STUN profile points CPEs at the first Elastic IP.
      const stunAddress = sender.stun.addresses[0] ?? sender.stun.loadBalancer.loadBalancerDnsName;
      cwmp.handler.function.addEnvironment("ACS_STUN_SERVER_ADDRESS", stunAddress);
      cwmp.handler.function.addEnvironment("ACS_STUN_SERVER_PORT", String(stunPort));
      cwmp.handler.function.addEnvironment(
        "ACS_STUN_KEEPALIVE_SECONDS",
        String(udp.keepAliveSeconds),
      );
      new CfnOutput(this, "StunServerAddresses", {
        value: Fn.join(",", [...sender.stun.addresses]),
        description: "ManagementServer.STUNServerAddress: the STUN server's Elastic IPs (UDP 3478)",
      });
    }
    if (config.cwmpFrontDoor) {
      this.frontDoor = new CwmpFrontDoor(this, "FrontDoor", {
        ...config.cwmpFrontDoor,
        vpc: sender.vpc,
        cwmpFunction: cwmp.handler.function,
        logRetention,
        cpeAuth: config.cpeAuth,
      });
      if (this.frontDoor.mtlsTargetGroupName) {
        // Only events from this target group may carry client-certificate headers.
        cwmp.handler.function.addEnvironment(
          "ACS_MTLS_TARGET_GROUP",
          this.frontDoor.mtlsTargetGroupName,
        );
      }
    }
    const monitoring = new AcsMonitoring(this, "Monitoring", {
      stage: config.stage,
      namespace: metricsNamespace,
      cwmpFunction: cwmp.handler.function,
      apiFunction: provisioning.handler.function,
      cwmpLogs: cwmp.handler.logGroup,
      httpStage: this.httpApi.stage,
      queue: events.queue,
      deadLetterQueue: events.deadLetterQueue,
      deadLetterAlarm: events.deadLetterAlarm,
      sender: sender.service,
      senderMetricsService,
      ...(config.alarmTopicArn && { alarmTopicArn: config.alarmTopicArn }),
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    if (config.cwmpEntry !== "alb") {
      output("CwmpUrl", `${this.httpApi.baseUrl}cwmp`, "ManagementServer.URL for CPEs");
    }
    output("ApiUrl", `${this.httpApi.baseUrl}api/`, "Provisioning API (SigV4, execute-api)");
    output(
      "ApiInvokeArn",
      this.httpApi.provisioningInvokeArn(),
      "Allow execute-api:Invoke on this to call the provisioning API",
    );
    if (this.httpApi.domainName) {
      output(
        "CustomDomainTarget",
        this.httpApi.domainName.regionalDomainName,
        "CNAME target for the custom domain when its zone is not in Route 53",
      );
    }
    if (this.frontDoor) {
      output("FrontDoorCwmpUrl", this.frontDoor.url, "ManagementServer.URL through ALB and WAF");
      output(
        "FrontDoorTarget",
        this.frontDoor.loadBalancer.loadBalancerDnsName,
        "CNAME target for the front door's domain when its zone is not in Route 53",
      );
    }
    if (this.operatorConsole && props.console) {
      output("ConsoleUrl", this.operatorConsole.url, "Operator console (sign in with Cognito)");
      output(
        "ConsoleUserPoolId",
        props.console.users.userPool.userPoolId,
        "Create console users here; their group (viewer, operator, admin) is their role",
      );
    }
    output("EventBusName", events.bus.eventBusName, "ACS events (ConnectionRequest, lifecycle)");
    output("DashboardName", monitoring.dashboard.dashboardName, "CloudWatch dashboard");
    if (cwmp.xmppAccountKey) {
      output(
        "XmppAccountKeySecretArn",
        cwmp.xmppAccountKey.secretArn,
        "Derive CPE XMPP account passwords from this key (see README: accounts you create)",
      );
    }
    if (sealingKeys.ring) {
      output(
        "SecretsKeysSecretArn",
        sealingKeys.ring.secret.secretArn,
        "Sealing key ring: add and remove keys here (README: rotating the sealing key)",
      );
    }
    if (sender.xmppPasswordSecret) {
      output(
        "XmppPasswordSecretArn",
        sender.xmppPasswordSecret.secretArn,
        "Register the XMPP account with this password (or put the existing one here)",
      );
    }
  }

  /** ejabberd with the stack: its ACS password is the sender's, its HMAC key the CWMP function's. */
  private deployXmppServer(input: {
    config: AcsStageConfig;
    sender: ConnectionRequestService;
    cwmp: CwmpFunction;
    projectRoot: string;
    encryptionKey: IKey | undefined;
  }): void {
    const { config, sender, cwmp } = input;
    const xmpp = config.xmpp;
    const deployed = xmpp?.deployedServer;
    if (!xmpp || !deployed || !sender.xmppPasswordSecret || !cwmp.xmppAccountKey) {
      throw new Error('xmpp.server "deploy" needs the XMPP password and account key secrets');
    }
    const [acsUser = "", domain = ""] = xmpp.jid.split("@");
    new XmppServer(this, "XmppServer", {
      image: xmppServerImageSource(input.projectRoot),
      vpc: sender.vpc,
      cluster: sender.cluster,
      domain,
      acsUser,
      acsPassword: sender.xmppPasswordSecret,
      accountKey: cwmp.xmppAccountKey,
      certificate: Secret.fromSecretCompleteArn(
        this,
        "XmppCertificate",
        deployed.certificateSecretArn,
      ),
      cpu: deployed.cpu,
      memoryMiB: deployed.memoryMiB,
      logRetention: config.logRetention,
      ...(input.encryptionKey && { encryptionKey: input.encryptionKey }),
    });
  }

  /**
   * The console here, not with its users in the data stack: its files are rebuilt at every
   * deploy, and its distribution and app client name the HTTP API and each other.
   */
  private createConsole(
    console: NonNullable<AcsStackProps["console"]>,
    fileStore: FileStore,
  ): OperatorConsole {
    const { userPool } = console.users;
    // The bucket's regional endpoint, as the API presigns upload URLs for it.
    const filesBucketName = Fn.importValue(fileStore.exports.bucketName);
    const operatorConsole = new OperatorConsole(this, "Console", {
      files: console.files,
      userPool,
      cognitoDomainUrl: console.users.baseUrl(),
      apiDomainName: this.httpApi.hostName,
      uploadOrigin: `https://${filesBucketName}.s3.${this.region}.amazonaws.com`,
    });
    this.httpApi.addConsoleRoutes({
      prefix: consoleApiPrefix,
      issuer: `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      clientId: operatorConsole.client.userPoolClientId,
    });
    return operatorConsole;
  }

  /**
   * The data stack's sealing keys, by ARN with the customer-managed key named: grants then go
   * to our roles' policies only, never into the data stack (which would depend on this one).
   */
  private sealingKeys(props: AcsStackProps, encryptionKey: IKey | undefined): SealingKeys {
    const reference = (id: string, secret: ISecret): ISecret =>
      encryptionKey
        ? Secret.fromSecretAttributes(this, id, {
            secretCompleteArn: secret.secretArn,
            encryptionKey,
          })
        : secret;
    const ring = props.config.sealingKeyRing;
    if (ring && !props.secretsKeys) {
      throw new Error("the sealingKeyRing stage option needs DataStack's secretsKeys");
    }
    return {
      legacyKey: reference("SecretsKeyRef", props.secretsKey),
      ...(ring &&
        props.secretsKeys && {
          ring: {
            secret: reference("SecretsKeysRef", props.secretsKeys),
            currentKeyId: ring.currentKeyId,
          },
        }),
    };
  }
}
