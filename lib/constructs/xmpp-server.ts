import { existsSync } from "node:fs";
import { join } from "node:path";
import { CfnOutput, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { type IVpc, Peer, Port, SecurityGroup, SubnetType } from "aws-cdk-lib/aws-ec2";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import {
  type Cluster,
  ContainerImage,
  CpuArchitecture,
  Secret as EcsSecret,
  FargateService,
  FargateTaskDefinition,
  LinuxParameters,
  LogDrivers,
  OperatingSystemFamily,
} from "aws-cdk-lib/aws-ecs";
import { NetworkLoadBalancer, Protocol } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { SenderImageSource } from "./connection-request-service.ts";

export interface XmppServerProps {
  readonly image: SenderImageSource;
  /** The sender's VPC and cluster: the task runs next to it, in its private subnets. */
  readonly vpc: IVpc;
  readonly cluster: Cluster;
  /** The XMPP domain (the ACS JID's domain); CPEs and the certificate name it. */
  readonly domain: string;
  /** Localpart of the ACS account. */
  readonly acsUser: string;
  /** The sender's XMPP password: the external auth checks the ACS account against it. */
  readonly acsPassword: ISecret;
  /** ACS_XMPP_ACCOUNT_KEY: CPE passwords are HMAC-SHA256(key, username). */
  readonly accountKey: ISecret;
  /** PEM (private key + certificate chain) for `domain`, from Secrets Manager. */
  readonly certificate: ISecret;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly logRetention: RetentionDays;
  readonly encryptionKey?: IKey;
}

/** The Dockerfile named by the props does not exist (the image could not be built at deploy). */
export class XmppServerDockerfileMissingError extends Error {
  override readonly name = "XmppServerDockerfileMissingError";
  constructor(readonly path: string) {
    super(`the XMPP server's Dockerfile is missing: ${path}`);
  }
}

const PORTS = { starttls: 5222, directTls: 5223 } as const;

/**
 * ejabberd on Fargate behind a Network Load Balancer, both ports TCP passthrough: ejabberd
 * terminates TLS itself, STARTTLS on 5222 (RFC 6120 section 5) and direct TLS on 5223
 * (XEP-0368), with one certificate from Secrets Manager. Passthrough rather than an ACM TLS
 * listener on 5223: STARTTLS cannot be terminated by the NLB, so ejabberd needs the key anyway;
 * one certificate on both ports; and ejabberd then knows every stream is encrypted, where an
 * NLB-terminated 5223 would reach it as a plain-text stream it must accept PLAIN on. No account
 * database: the external-auth program checks CPE passwords as HMAC(key, username).
 * One task (see README: what one task holds; clustering is a later step).
 */
export class XmppServer extends Construct {
  public readonly loadBalancer: NetworkLoadBalancer;
  public readonly service: FargateService;
  public readonly taskDefinition: FargateTaskDefinition;
  /** The NLB's DNS name: point the XMPP domain's host name (and SRV records) at it. */
  public readonly hostName: string;

  constructor(scope: Construct, id: string, props: XmppServerProps) {
    super(scope, id);
    const dockerfile = join(props.image.directory, props.image.file);
    if (!existsSync(dockerfile)) throw new XmppServerDockerfileMissingError(dockerfile);
    const logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.taskDefinition = new FargateTaskDefinition(this, "Task", {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.X86_64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addVolume({ name: "run" });
    const container = this.taskDefinition.addContainer("Ejabberd", {
      image: ContainerImage.fromAsset(props.image.directory, {
        file: props.image.file,
        exclude: [...props.image.exclude],
        platform: Platform.LINUX_AMD64,
      }),
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: "ejabberd" }),
      readonlyRootFilesystem: true,
      // An init process as PID 1 reaps whatever ejabberdctl leaves behind; node (the entry)
      // stops ejabberd with `ejabberdctl stop` on SIGTERM, but does not reap orphans.
      linuxParameters: new LinuxParameters(this, "Init", { initProcessEnabled: true }),
      stopTimeout: Duration.seconds(30),
      environment: { XMPP_DOMAIN: props.domain, XMPP_ACS_USER: props.acsUser },
      secrets: {
        XMPP_TLS_PEM: EcsSecret.fromSecretsManager(props.certificate),
        XMPP_ACS_PASSWORD: EcsSecret.fromSecretsManager(props.acsPassword),
        XMPP_ACCOUNT_KEY: EcsSecret.fromSecretsManager(props.accountKey),
      },
      portMappings: [{ containerPort: PORTS.starttls }, { containerPort: PORTS.directTls }],
    });
    container.addMountPoints({
      sourceVolume: "run",
      containerPath: "/run/acs-xmpp",
      readOnly: false,
    });

    const securityGroup = new SecurityGroup(this, "TaskSecurityGroup", {
      vpc: props.vpc,
      description: "ejabberd c2s from the NLB (client IPs preserved)",
      allowAllOutbound: false,
    });
    // The NLB keeps client addresses, so CPEs reach the task from anywhere, on these ports only.
    for (const port of Object.values(PORTS)) {
      securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(port), `XMPP c2s ${port}`);
    }
    // Out: HTTPS only (ECR, Secrets Manager, CloudWatch Logs through the NAT).
    securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs");
    this.service = new FargateService(this, "Service", {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 1,
      // One node holds every session: replace it before stopping it.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
      assignPublicIp: false,
    });

    this.loadBalancer = new NetworkLoadBalancer(this, "Nlb", {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      crossZoneEnabled: true,
    });
    for (const port of Object.values(PORTS)) {
      const listener = this.loadBalancer.addListener(`C2s${port}`, {
        port,
        protocol: Protocol.TCP,
      });
      listener.addTargets(`Ejabberd${port}`, {
        port,
        protocol: Protocol.TCP,
        targets: [
          this.service.loadBalancerTarget({ containerName: "Ejabberd", containerPort: port }),
        ],
        // Idle CPE sessions live for days; a deregistered task's streams get time to move.
        deregistrationDelay: Duration.seconds(30),
        healthCheck: { protocol: Protocol.TCP, interval: Duration.seconds(30) },
      });
    }
    this.hostName = this.loadBalancer.loadBalancerDnsName;
    new CfnOutput(this, "HostName", {
      value: this.hostName,
      description: `XMPP server for ${props.domain}: CNAME the domain's XMPP host to it (ports 5222 STARTTLS, 5223 direct TLS)`,
    });
    this.acknowledge();
  }

  private acknowledge(): void {
    Validations.of(this.loadBalancer).acknowledge({
      id: "AwsSolutions-ELB2",
      reason:
        "A TCP passthrough NLB logs nothing useful per connection (no TLS termination); ejabberd logs each c2s session itself, in the task's log group.",
    });
    Validations.of(this.taskDefinition).acknowledge(
      {
        id: "AwsSolutions-ECS2",
        reason:
          "The plain environment holds only the XMPP domain and the ACS account's localpart; the certificate, the ACS password and the account key come from Secrets Manager through the task's secrets.",
      },
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "The execution role's only wildcard is ecr:GetAuthorizationToken, which has no resource-level permissions.",
      },
    );
    Validations.of(this).acknowledge({
      id: "AwsSolutions-EC23",
      reason:
        "CPEs connect from anywhere on the Internet (TR-069 Annex K): 5222 and 5223 are open to all, and nothing else is.",
    });
  }
}
