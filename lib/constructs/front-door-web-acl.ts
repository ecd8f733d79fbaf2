import { Stack } from "aws-cdk-lib";
import { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

export interface FrontDoorWebAclProps {
  /** The regional resource the web ACL guards (an ALB's ARN). */
  readonly resourceArn: string;
  /** Requests per source IP in any 5-minute window before WAF blocks it. */
  readonly rateLimitPerIp: number;
  /** Add the AWS managed common rule set (SOAP body rules counted only). @default false */
  readonly managedCommonRules?: boolean;
}

/** AWS WAF's rate-based rules count over this window (seconds); 300 is its default. */
export const rateWindowSeconds = 300;

/**
 * A REGIONAL AWS WAF web ACL for a door CPEs use: every request is allowed unless one source
 * IP exceeds the rate limit. The limit keys on the address WAF sees, which for an ALB is the
 * connection's peer (aggregate key IP), not a forgeable X-Forwarded-For.
 */
export class FrontDoorWebAcl extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: FrontDoorWebAclProps) {
    super(scope, id);
    // Metric names are per account and region: the stack name keeps stages apart.
    const metrics = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `${Stack.of(this).stackName}-${name}`,
      sampledRequestsEnabled: true,
    });
    const rules: CfnWebACL.RuleProperty[] = [
      {
        name: "RateLimitPerSourceIp",
        priority: 0,
        // RFC 6585 §4: 429 tells the CPE it sent too much; it retries under its session
        // retry policy (TR-069 §3.2.1.1), whose back-off outlasts the window.
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: "IP",
            limit: props.rateLimitPerIp,
            evaluationWindowSec: rateWindowSeconds,
          },
        },
        visibilityConfig: metrics("RateLimitPerSourceIp"),
      },
    ];
    if (props.managedCommonRules) rules.push(commonRuleSet(1, metrics("CommonRuleSet")));
    this.webAcl = new CfnWebACL(this, "Acl", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: metrics("FrontDoor"),
    });
    new CfnWebACLAssociation(this, "Association", {
      resourceArn: props.resourceArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/**
 * AWS's common rule set, off by default: WAF sees at most the first 8 KB of an ALB request's
 * body, and SizeRestrictions_BODY blocks anything larger, which a CPE's Inform or
 * GetParameterValuesResponse routinely is; so that rule only counts. Its XSS and path rules
 * can still match SOAP envelopes of some CPEs: watch the rule group's sampled requests
 * before relying on it.
 */
function commonRuleSet(
  priority: number,
  visibilityConfig: CfnWebACL.VisibilityConfigProperty,
): CfnWebACL.RuleProperty {
  return {
    name: "AwsCommonRuleSet",
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: "AWSManagedRulesCommonRuleSet",
        ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
      },
    },
    visibilityConfig,
  };
}
