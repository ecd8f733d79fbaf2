import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

/** The console's roles, lowest first; a user's role is the highest group it belongs to. */
export const consoleGroups = ["viewer", "operator", "admin"] as const;

export interface ConsoleUsersProps {
  /** Stage name, part of the derived hosted-UI domain prefix. */
  readonly stage: string;
  /**
   * Prefix of the hosted-UI domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per
   * region across all accounts. @default - `acs-<stage>-<account id>`
   */
  readonly domainPrefix?: string;
}

/**
 * The console's users: a Cognito user pool, its role groups and its hosted-UI domain. Stateful
 * (users, their passwords and TOTP secrets), so it lives in the data stack and is retained; the
 * app client, which names the console's URL, is made by OperatorConsole in the stateless stack.
 */
export class ConsoleUsers extends Construct {
  public readonly userPool: UserPool;
  public readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: ConsoleUsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, "Pool", {
      // Operators are created by an administrator (README: console in AWS), never by themselves.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus is billed per active user, and a console has a handful: little to pay for
      // compromised-credential checks and adaptive sign-in risk responses.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG2",
      reason:
        "TOTP MFA is offered to every user (optional, not required) so that the first administrator can sign in and enrol; a stage that must enforce it switches the pool to MFA required once its users have enrolled, and Plus-tier threat protection already asks risky sign-ins for a second factor.",
    });
    for (const group of consoleGroups) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `ACS console role ${group}`,
        // Lower number wins where a user is in several groups; the API takes the highest role.
        precedence: consoleGroups.length - consoleGroups.indexOf(group),
      });
    }
    this.domain = this.userPool.addDomain("HostedUi", {
      cognitoDomain: {
        domainPrefix:
          props.domainPrefix ?? `acs-${props.stage.toLowerCase()}-${Stack.of(this).account}`,
      },
    });
  }

  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the hosted UI and the token endpoint. */
  public baseUrl(): string {
    return this.domain.baseUrl();
  }
}
