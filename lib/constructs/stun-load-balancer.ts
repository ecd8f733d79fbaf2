import { Duration, Validations } from "aws-cdk-lib";
import { CfnEIP, Peer, Port, SecurityGroup, SubnetType, type Vpc } from "aws-cdk-lib/aws-ec2";
import { type ContainerDefinition, type FargateService, Protocol } from "aws-cdk-lib/aws-ecs";
import {
  Protocol as LbProtocol,
  NetworkLoadBalancer,
  type NetworkTargetGroup,
} from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Construct } from "constructs";

/** RFC 5389 18.4: the STUN port; the sender's container listens on it too. */
export const stunPort = 3478;

export interface StunLoadBalancerProps {
  readonly vpc: Vpc;
  readonly service: FargateService;
  readonly container: ContainerDefinition;
  /** The sender's TCP /health port: UDP targets are health-checked over HTTP on it. */
  readonly healthPort: number;
}

/**
 * The public side of the sender's STUN server (TR-069 Annex G, TR-111 Part 2): an
 * internet-facing Network Load Balancer with a UDP listener on 3478, one Elastic IP per
 * public subnet (static addresses for ManagementServer.STUNServerAddress), forwarding to
 * the sender task's port 3478/udp. The NLB keeps client IPs for UDP, so the STUN server
 * records the CPE's real public mapping; the UDP connection request the task sends from
 * the same socket leaves through the same NLB flow (its reverse direction), which is why
 * the CPE's keep-alive must stay under the NLB's UDP idle timeout (README: UDP connection
 * requests on AWS).
 */
export class StunLoadBalancer extends Construct {
  public readonly loadBalancer: NetworkLoadBalancer;
  public readonly targetGroup: NetworkTargetGroup;
  /** The Elastic IPs, one per public subnet, in subnet order. */
  public readonly addresses: readonly string[];

  constructor(scope: Construct, id: string, props: StunLoadBalancerProps) {
    super(scope, id);
    const publicSubnets = props.vpc.selectSubnets({ subnetType: SubnetType.PUBLIC }).subnets;
    const eips = publicSubnets.map(
      (_subnet, index) => new CfnEIP(this, `Address${index + 1}`, { domain: "vpc" }),
    );
    this.addresses = eips.map((eip) => eip.attrPublicIp);
    this.loadBalancer = new NetworkLoadBalancer(this, "Nlb", {
      vpc: props.vpc,
      internetFacing: true,
      // One task may run in either zone; CPEs use one address (STUNServerAddress).
      crossZoneEnabled: true,
      subnetMappings: publicSubnets.map((subnet, index) => ({
        subnet,
        allocationId: eips[index]?.attrAllocationId ?? "",
      })),
    });
    props.container.addPortMappings({ containerPort: stunPort, protocol: Protocol.UDP });
    const listener = this.loadBalancer.addListener("Stun", {
      port: stunPort,
      protocol: LbProtocol.UDP,
    });
    this.targetGroup = listener.addTargets("Sender", {
      port: stunPort,
      protocol: LbProtocol.UDP,
      targets: [
        props.service.loadBalancerTarget({
          containerName: props.container.containerName,
          containerPort: stunPort,
          protocol: Protocol.UDP,
        }),
      ],
      healthCheck: {
        protocol: LbProtocol.HTTP,
        port: String(props.healthPort),
        path: "/health",
        interval: Duration.seconds(30),
      },
      // A stopping task's bindings are gone anyway: CPEs re-bind at their next keep-alive.
      deregistrationDelay: Duration.seconds(30),
    });
    this.allowTraffic(props);
    Validations.of(this.loadBalancer).acknowledge({
      id: "AwsSolutions-ELB2",
      reason:
        "Network Load Balancer access logs cover TLS listeners only; this one carries UDP (STUN), whose flows the VPC flow logs record.",
    });
  }

  /** STUN from anywhere (client IPs are preserved for UDP); health checks from the VPC. */
  private allowTraffic(props: StunLoadBalancerProps): void {
    const group = new SecurityGroup(this, "StunIngress", {
      vpc: props.vpc,
      description: "STUN (UDP 3478) from CPEs anywhere, health checks from the load balancer",
      allowAllOutbound: false,
    });
    group.addIngressRule(Peer.anyIpv4(), Port.udp(stunPort), "STUN Binding Requests from CPEs");
    group.addIngressRule(
      Peer.ipv4(props.vpc.vpcCidrBlock),
      Port.tcp(props.healthPort),
      "NLB health checks",
    );
    props.service.connections.addSecurityGroup(group);
    Validations.of(group).acknowledge({
      id: "AwsSolutions-EC23",
      reason:
        "CPEs send STUN Binding Requests from any public address (TR-111 Part 2); only UDP 3478 is open, and the STUN server answers unauthenticated requests with the mapped address only.",
    });
  }
}
