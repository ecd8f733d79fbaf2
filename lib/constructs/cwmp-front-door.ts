import { Annotations, Duration, Names, Validations } from "aws-cdk-lib";
import { Certificate, CertificateValidation } from "aws-cdk-lib/aws-certificatemanager";
import { type IVpc, Peer, Port, SecurityGroup, SubnetType } from "aws-cdk-lib/aws-ec2";
import {
  type ApplicationListener,
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  type CfnTargetGroup,
  ListenerAction,
  ListenerCondition,
  MutualAuthenticationMode,
  SslPolicy,
  TargetType,
  XffHeaderProcessingMode,
} from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { LambdaTarget } from "aws-cdk-lib/aws-elasticloadbalancingv2-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { ARecord, HostedZone, RecordTarget } from "aws-cdk-lib/aws-route53";
import { LoadBalancerTarget } from "aws-cdk-lib/aws-route53-targets";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { CpeAuthMode, CwmpFrontDoorStageConfig } from "../config.ts";
import { cwmpPaths } from "./acs-http-api.ts";
import { cwmpTrustStore } from "./cwmp-trust-store.ts";
import { FrontDoorWebAcl } from "./front-door-web-acl.ts";

export interface CwmpFrontDoorProps extends CwmpFrontDoorStageConfig {
  /** The load balancer goes into this VPC's public subnets (at least two zones). */
  readonly vpc: IVpc;
  /** The function behind the door; it must accept ALB events (functions/handlers/cwmp.ts). */
  readonly cwmpFunction: IFunction;
  /** Paths forwarded to the function, POST only; anything else gets 404. @default cwmpPaths */
  readonly paths?: readonly string[];
  /** How long access logs are kept. */
  readonly logRetention: RetentionDays;
  /** The stage's CPE authentication: plain-HTTP listeners need "digest". */
  readonly cpeAuth: CpeAuthMode;
}

/**
 * Plain-HTTP listeners with CPE authentication other than digest: Basic would carry CPE
 * passwords in the clear (TR-069 §3.4.4 allows Basic only over TLS), and "none" would let
 * anyone on the path speak for any device.
 */
export class PlainHttpNeedsDigestError extends Error {
  override readonly name = "PlainHttpNeedsDigestError";
  constructor(readonly cpeAuth: CpeAuthMode) {
    super(
      `cwmpFrontDoor.httpPorts needs cpeAuth "digest"; with "${cpeAuth}" plain HTTP would expose CPE credentials or let anyone speak for a device`,
    );
  }
}

/** The front door was given neither a certificate nor a zone to issue one in. */
export class FrontDoorCertificateMissingError extends Error {
  override readonly name = "FrontDoorCertificateMissingError";
  constructor(readonly domainName: string) {
    super(`the front door for ${domainName} needs certificateArn or hostedZone`);
  }
}

/**
 * An internet-facing Application Load Balancer for CPEs, with AWS WAF: the door to use when
 * the ACS must rate-limit per source IP, which an API Gateway HTTP API cannot (WAFv2 does not
 * associate with HTTP APIs), and the door for CPEs with plain `http://` URLs (`httpPorts`,
 * digest only) or client certificates (`mtls`, verify mode). POSTs to the CWMP paths go to the Lambda function, everything else is answered 404 by the
 * load balancer itself.
 */
export class CwmpFrontDoor extends Construct {
  public readonly loadBalancer: ApplicationLoadBalancer;
  public readonly listener: ApplicationListener;
  /** Plain-HTTP listeners (`httpPorts`), for CPEs configured with an `http://` URL. */
  public readonly httpListeners: readonly ApplicationListener[];
  /** The HTTPS listener's target group name with `mtls`: set as ACS_MTLS_TARGET_GROUP. */
  public readonly mtlsTargetGroupName?: string;
  private plainTarget?: ApplicationTargetGroup;
  /** The per-source-IP rate limit; absent with `webAcl: false`. */
  public readonly webAcl?: FrontDoorWebAcl;
  public readonly accessLogs: Bucket;
  /** `https://<domainName>/cwmp`: ManagementServer.URL for CPEs moved to this door. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: CwmpFrontDoorProps) {
    super(scope, id);
    if (props.httpPorts.length > 0 && props.cpeAuth !== "digest") {
      throw new PlainHttpNeedsDigestError(props.cpeAuth);
    }
    if (!props.certificateArn && !props.hostedZone) {
      throw new FrontDoorCertificateMissingError(props.domainName);
    }
    const zone =
      props.hostedZone &&
      HostedZone.fromHostedZoneAttributes(this, "Zone", {
        hostedZoneId: props.hostedZone.id,
        zoneName: props.hostedZone.name,
      });
    const certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, "Certificate", props.certificateArn)
      : new Certificate(this, "Certificate", {
          domainName: props.domainName,
          validation: CertificateValidation.fromDns(zone),
        });

    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "CWMP front door: HTTPS from CPEs anywhere",
      // Lambda targets are invoked by the load balancer's service, not over the network.
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), "CPEs (TR-069 over HTTPS)");
    for (const port of props.httpPorts) {
      securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(port), "CPEs with http:// URLs");
    }
    Validations.of(securityGroup).acknowledge({
      id: "AwsSolutions-EC23",
      reason:
        "CPEs connect from any address of any operator network, so HTTPS on 443 (and the plain-HTTP ports of httpPorts, for CPEs with http:// URLs, digest only) is open to the internet by design; AWS WAF rate-limits each source IP (unless the stage turns webAcl off) and the CWMP handler authenticates every device.",
    });

    this.loadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroup,
      // Malformed header names never reach the handler.
      dropInvalidHeaderFields: true,
      // The handler takes the last X-Forwarded-For entry as the CPE's address (cwmp-alb-handler.ts).
      xffHeaderProcessingMode: XffHeaderProcessingMode.APPEND,
    });
    this.accessLogs = this.createAccessLogBucket(props.logRetention);
    this.loadBalancer.logAccessLogs(this.accessLogs, "cwmp");

    const trustStore = props.mtls && cwmpTrustStore(this, "TrustStore", props.mtls);
    this.listener = this.loadBalancer.addListener("Https", {
      port: 443,
      protocol: ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: tlsPolicy(props.minimumTls),
      open: false,
      defaultAction: notFound(),
      // Verify mode: the load balancer refuses a handshake without a certificate chaining to
      // the trust store, and passes the verified certificate on in X-Amzn-Mtls-Clientcert-*.
      ...(trustStore && {
        mutualAuthentication: {
          mutualAuthenticationMode: MutualAuthenticationMode.VERIFY,
          trustStore,
          ignoreClientCertificateExpiry: false,
        },
      }),
    });
    const paths = props.paths ?? cwmpPaths;
    const plainTarget = (): ApplicationTargetGroup =>
      (this.plainTarget ??= cwmpTargetGroup(this, "Cwmp", props.cwmpFunction));
    if (trustStore) {
      // Its own target group, by a name the function knows (ACS_MTLS_TARGET_GROUP): only
      // events naming it may carry certificate headers, which a client could otherwise forge
      // on the plain listeners.
      const mtls = cwmpTargetGroup(this, "CwmpMtls", props.cwmpFunction);
      this.mtlsTargetGroupName = mtlsTargetGroupName(mtls);
      (mtls.node.defaultChild as CfnTargetGroup).name = this.mtlsTargetGroupName;
      forwardCwmp(this.listener, mtls, paths);
    } else {
      forwardCwmp(this.listener, plainTarget(), paths);
    }
    this.httpListeners = this.plainHttpListeners(props, plainTarget, paths);

    if (props.webAcl) {
      this.webAcl = new FrontDoorWebAcl(this, "WebAcl", {
        resourceArn: this.loadBalancer.loadBalancerArn,
        rateLimitPerIp: props.rateLimitPerIp,
        managedCommonRules: props.managedCommonRules,
      });
    } else {
      Annotations.of(this).addWarning(
        "cwmpFrontDoor.webAcl is off: no per-source-IP rate limit; one address can drive the CWMP function up to its concurrency limit (set cwmpReservedConcurrency).",
      );
    }
    if (zone) {
      new ARecord(this, "Alias", {
        zone,
        recordName: props.domainName,
        target: RecordTarget.fromAlias(new LoadBalancerTarget(this.loadBalancer)),
      });
    }
    this.url = `https://${props.domainName}/cwmp`;
  }

  /**
   * One listener per plain-HTTP port, forwarding the same paths. Digest (RFC 7616) keeps the
   * password off the wire, but nothing protects the session itself: anyone on the path can read
   * or rewrite RPCs, hence the synth warning.
   */
  private plainHttpListeners(
    props: CwmpFrontDoorProps,
    target: () => ApplicationTargetGroup,
    paths: readonly string[],
  ): ApplicationListener[] {
    if (props.httpPorts.length === 0) return [];
    Annotations.of(this).addWarning(
      `cwmpFrontDoor.httpPorts ${props.httpPorts.join(", ")}: plain HTTP exposes CWMP sessions to reading and tampering on the path (digest protects only the password); move CPEs to https:// where they can.`,
    );
    return props.httpPorts.map((port) => {
      const listener = this.loadBalancer.addListener(`Http${port}`, {
        port,
        protocol: ApplicationProtocol.HTTP,
        open: false,
        defaultAction: notFound(),
      });
      forwardCwmp(listener, target(), paths);
      return listener;
    });
  }

  /** ALB access logs support SSE-S3 only, never KMS keys, so this bucket uses S3-managed keys. */
  private createAccessLogBucket(retention: RetentionDays): Bucket {
    const bucket = new Bucket(this, "AccessLogs", {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(retention) }],
    });
    Validations.of(bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This bucket only receives the load balancer's access logs; logging requests to it would need yet another bucket, and where reads must be audited, CloudTrail data events do that without one.",
    });
    return bucket;
  }
}

function notFound(): ListenerAction {
  return ListenerAction.fixedResponse(404, { contentType: "text/plain", messageBody: "not found" });
}

/**
 * A Lambda target group for the CWMP function. One value per header (the handler sets one
 * cookie, the session cookie): Lambda target groups start that way; said explicitly because
 * cwmp-alb-handler.ts depends on it.
 */
function cwmpTargetGroup(scope: Construct, id: string, fn: IFunction): ApplicationTargetGroup {
  const target = new ApplicationTargetGroup(scope, id, {
    targetType: TargetType.LAMBDA,
    targets: [new LambdaTarget(fn)],
  });
  target.setAttribute("lambda.multi_value_headers.enabled", "false");
  return target;
}

/** POSTs to the CWMP paths go to the function; anything else falls to the 404 default. */
function forwardCwmp(
  listener: ApplicationListener,
  target: ApplicationTargetGroup,
  paths: readonly string[],
): void {
  listener.addTargetGroups("Cwmp", {
    priority: 10,
    conditions: [
      ListenerCondition.pathPatterns([...paths]),
      ListenerCondition.httpRequestMethods(["POST"]),
    ],
    targetGroups: [target],
  });
}

/** Target group names: at most 32 letters, digits and hyphens, unique in the region. */
function mtlsTargetGroupName(target: ApplicationTargetGroup): string {
  return Names.uniqueResourceName(target, { maxLength: 32 });
}

/**
 * Old CPEs are why the floor can be TLS 1.0. With "1.2", the policy still offers TLS 1.2
 * suites without ECDHE (RSA key exchange, CBC), which embedded TLS stacks of many deployed
 * CPEs are limited to; refusing them would cut those CPEs off this door only.
 */
function tlsPolicy(minimumTls: CwmpFrontDoorStageConfig["minimumTls"]): SslPolicy {
  return minimumTls === "1.0" ? SslPolicy.TLS13_10 : SslPolicy.TLS13_EXT2;
}
