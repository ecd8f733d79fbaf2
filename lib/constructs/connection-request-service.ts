import { existsSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AdjustmentType } from "aws-cdk-lib/aws-applicationautoscaling";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  SubnetType,
  Vpc,
} from "aws-cdk-lib/aws-ec2";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import {
  Cluster,
  type ContainerDefinition,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  Secret as EcsSecret,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
} from "aws-cdk-lib/aws-ecs";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { CrMethod } from "../../functions/core/connection-request/cr-methods.ts";
import type { CrUrlGuardStageConfig, SenderArchitecture, XmppStageConfig } from "../config.ts";
import {
  type AcsConsumer,
  useEventBus,
  useQueueForConsuming,
  useQueueForSending,
  useTable,
} from "./grants.ts";
import { type RuntimeSettings, runtimeEnvironment } from "./runtime-environment.ts";
import type { SealingKeys } from "./sealing-keys.ts";
import { StunLoadBalancer, stunPort } from "./stun-load-balancer.ts";
import { urlGuardEnvironment } from "./url-guard-environment.ts";

/** Where the sender's image is built from; the Docker build context is `directory`. */
export interface SenderImageSource {
  /** Build context (the repository root: the Dockerfile bundles functions/). */
  readonly directory: string;
  /** Dockerfile path relative to `directory`. */
  readonly file: string;
  /** Paths kept out of the build context. */
  readonly exclude: readonly string[];
}

export interface ConnectionRequestServiceProps {
  readonly image: SenderImageSource;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** The ACS bus: the sender publishes ConnectionRequestFailed events to it. */
  readonly bus: IEventBus;
  readonly table: ITableV2;
  readonly indexNames: readonly string[];
  /** Without it the sender does HTTP connection requests only. */
  readonly xmpp?: XmppStageConfig;
  /** Open per-device CR passwords (XMPP accounts are created with them) and seal task values. */
  readonly sealingKeys: SealingKeys;
  /** Log level and secret parameters, as the other processes have them. */
  readonly runtime: RuntimeSettings;
  /** Generate the credentials used for HTTP connection requests (JSON `{username, password}`). */
  readonly connectionRequestCredentials: boolean;
  readonly maxTasks: number;
  readonly scaleOutQueueDepth: number;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: SenderArchitecture;
  readonly natGateways: number;
  readonly logRetention: RetentionDays;
  /** Namespace of the sender's EMF metrics. */
  readonly metricsNamespace: string;
  /** The queue's visibility timeout; the sender extends it while it works on a message. */
  readonly visibilityTimeout: Duration;
  /** The port main.ts serves /health on. @default 8080 */
  readonly healthPort?: number;
  /** Restricts where HTTP connection requests may go. @default - any port, any private range */
  readonly urlGuard?: CrUrlGuardStageConfig;
  /** Customer-managed key of the log groups and the secrets created here. */
  readonly encryptionKey?: IKey;
  /** UDP connection requests (TR-069 Annex G): the STUN server behind an NLB with Elastic IPs. */
  readonly udp?: boolean;
  /** The order connection-request methods are tried in (ACS_CR_METHODS). @default the sender's */
  readonly methods?: readonly CrMethod[];
}

/** The `Service` dimension of the sender's EMF metrics (connection-request-service/main.ts). */
export const senderMetricsService = "connection-request-service";

/** The Dockerfile named by the props does not exist (the image could not be built at deploy). */
export class SenderDockerfileMissingError extends Error {
  override readonly name = "SenderDockerfileMissingError";
  constructor(readonly path: string) {
    super(`the sender's Dockerfile is missing: ${path}`);
  }
}

/**
 * The connection-request sender on Fargate. At least one task always runs,
 * because it holds the XMPP session CPEs are reached through (TR-069 Annex
 * K); more start when the queue backs up. It runs in private subnets whose
 * NAT egress reaches the XMPP server and CPEs' connection-request URLs
 * (TR-069 §3.2.2) on any port; nothing connects in.
 */
export class ConnectionRequestService extends Construct {
  public readonly vpc: Vpc;
  public readonly cluster: Cluster;
  public readonly service: FargateService;
  public readonly taskDefinition: FargateTaskDefinition;
  public readonly logGroup: LogGroup;
  public readonly xmppPasswordSecret?: Secret;
  public readonly connectionRequestSecret?: Secret;
  /** The STUN server's public side, with `udp`. */
  public readonly stun?: StunLoadBalancer;

  constructor(scope: Construct, id: string, props: ConnectionRequestServiceProps) {
    super(scope, id);
    const dockerfile = join(props.image.directory, props.image.file);
    if (!existsSync(dockerfile)) throw new SenderDockerfileMissingError(dockerfile);
    const healthPort = props.healthPort ?? 8080;
    const arm = props.architecture === "arm64";

    this.vpc = this.createVpc(props);
    this.cluster = new Cluster(this, "Cluster", {
      vpc: this.vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.taskDefinition = new FargateTaskDefinition(this, "Task", {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: arm ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    const container = this.taskDefinition.addContainer("Sender", {
      // Only copied into cdk.out at synth; Docker builds it at deploy.
      image: ContainerImage.fromAsset(props.image.directory, {
        file: props.image.file,
        exclude: [...props.image.exclude],
        platform: arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
      }),
      logging: LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: "sender" }),
      readonlyRootFilesystem: true,
      // main.ts drains in-flight requests on SIGTERM before this runs out.
      stopTimeout: Duration.seconds(30),
      environment: {
        ACS_HEALTH_PORT: String(healthPort),
        ACS_METRICS_NAMESPACE: props.metricsNamespace,
        ACS_CR_VISIBILITY_SECONDS: String(props.visibilityTimeout.toSeconds()),
        ...(props.methods && { ACS_CR_METHODS: props.methods.join(",") }),
        ...urlGuardEnvironment(props.urlGuard),
        ...runtimeEnvironment(props.runtime),
      },
      healthCheck: {
        // node is in every Node.js image, distroless included; wget/curl are not.
        command: [
          "CMD",
          "node",
          "-e",
          `fetch("http://127.0.0.1:${healthPort}/health").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
    });
    const consumer: AcsConsumer = {
      grantPrincipal: this.taskDefinition.taskRole,
      addEnvironment: (key, value) => container.addEnvironment(key, value),
    };
    useQueueForConsuming(consumer, props.queue);
    // The campaign runner (hosted here) wakes devices by sending to the same queue.
    useQueueForSending(consumer, props.queue, "ACS_QUEUE_URL");
    useQueueForSending(consumer, props.deadLetterQueue, "ACS_DLQ_URL");
    useEventBus(consumer, props.bus);
    useTable(consumer, {
      table: props.table,
      indexNames: props.indexNames,
      // Devices and CR records; campaign runner: campaigns, device listing, task creation (and its cleanup).
      actions: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem"],
    });

    const secrets = this.addSecrets(container, props);
    this.xmppPasswordSecret = secrets.xmpp;
    this.connectionRequestSecret = secrets.connectionRequest;

    this.service = new FargateService(this, "Service", {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 1,
      // Never below one running task during deployments: it holds the XMPP session.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: 1,
      maxCapacity: props.maxTasks,
    });
    scaling.scaleOnMetric("QueueDepth", {
      metric: props.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: "Maximum",
      }),
      adjustmentType: AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [
        { upper: 0, change: -1 },
        { lower: props.scaleOutQueueDepth, change: +1 },
        { lower: props.scaleOutQueueDepth * 10, change: +3 },
      ],
      cooldown: Duration.minutes(2),
    });
    if (props.udp) {
      container.addEnvironment("ACS_STUN_PORT", String(stunPort));
      this.stun = new StunLoadBalancer(this, "Stun", {
        vpc: this.vpc,
        service: this.service,
        container,
        healthPort,
      });
    }

    Validations.of(this.taskDefinition).acknowledge(
      {
        id: "AwsSolutions-ECS2",
        reason:
          "The plain environment holds only non-secret settings (queue URLs, table name, XMPP service and JID, metrics namespace, timings, log level, the current sealing key's id); the sealing keys and the XMPP and connection-request passwords come through the task definition's secrets from Secrets Manager.",
      },
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "The execution role's only wildcard is ecr:GetAuthorizationToken, which has no resource-level permissions; image pulls themselves are limited to the CDK assets repository.",
      },
    );
  }

  /** XMPP password and HTTP CR credentials, injected by ECS from Secrets Manager. */
  private addSecrets(
    container: ContainerDefinition,
    props: ConnectionRequestServiceProps,
  ): { xmpp?: Secret; connectionRequest?: Secret } {
    let xmpp: Secret | undefined;
    let connectionRequest: Secret | undefined;
    const { legacyKey, ring } = props.sealingKeys;
    container.addSecret("ACS_SECRETS_KEY", EcsSecret.fromSecretsManager(legacyKey));
    if (ring) {
      container.addSecret("ACS_SECRETS_KEYS", EcsSecret.fromSecretsManager(ring.secret));
      container.addEnvironment("ACS_SECRETS_KEY_ID", ring.currentKeyId);
    }
    if (props.xmpp) {
      container.addEnvironment("ACS_XMPP_SERVICE", props.xmpp.service);
      container.addEnvironment("ACS_XMPP_JID", props.xmpp.jid);
      container.addEnvironment("ACS_XMPP_REQUIRE_TLS", String(props.xmpp.requireTls));
      xmpp = new Secret(this, "XmppPassword", {
        description: `Password of the ACS's XMPP account ${props.xmpp.jid}`,
        encryptionKey: props.encryptionKey,
        generateSecretString: { passwordLength: 32, excludePunctuation: true },
      });
      container.addSecret("ACS_XMPP_PASSWORD", EcsSecret.fromSecretsManager(xmpp));
      Validations.of(xmpp).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "The account lives on an XMPP server outside AWS; a rotation Lambda cannot change its password there, so the operator changes both together (README.md (Deploy to AWS)).",
      });
    }
    if (props.connectionRequestCredentials) {
      connectionRequest = new Secret(this, "ConnectionRequestCredentials", {
        description: "Username/password the ACS sends with HTTP connection requests",
        encryptionKey: props.encryptionKey,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: "acs" }),
          generateStringKey: "password",
          passwordLength: 32,
          excludePunctuation: true,
        },
      });
      const secret = connectionRequest;
      container.addSecret("ACS_CR_USERNAME", EcsSecret.fromSecretsManager(secret, "username"));
      container.addSecret("ACS_CR_PASSWORD", EcsSecret.fromSecretsManager(secret, "password"));
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "CPEs hold these as ConnectionRequestUsername/Password; rotating them automatically would break connection requests to every CPE until each is reprovisioned, so rotation is a planned campaign.",
      });
    }
    return { xmpp, connectionRequest };
  }

  private createVpc(props: ConnectionRequestServiceProps): Vpc {
    const flowLogs = new LogGroup(this, "FlowLogs", {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return new Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: "sender", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      // DynamoDB through a free gateway endpoint instead of the NAT gateway.
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
      flowLogs: { all: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
  }
}
