import { Duration, RemovalPolicy, Stack, Token, Validations } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import {
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from "aws-cdk-lib/aws-cognito";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct, type IConstruct } from "constructs";
import type { ConsoleFile } from "../../functions/console/build-console.ts";

/** Path prefix of the console's API calls; CloudFront sends them to the HTTP API unchanged. */
export const consoleApiPrefix = "/console-api";
/** Where the console reads how to sign in and where the API is (functions/console/ui/main.tsx). */
export const consoleConfigFile = "console-config.json";

export interface OperatorConsoleProps {
  /** The built console (buildConsoleFiles, functions/console/build-console.ts). */
  readonly files: readonly ConsoleFile[];
  /** The console's users (ConsoleUsers, in the data stack). */
  readonly userPool: IUserPool;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` of the user pool's hosted UI. */
  readonly cognitoDomainUrl: string;
  /** Host name of the HTTP API: its custom domain, or `<id>.execute-api.<region>.amazonaws.com`. */
  readonly apiDomainName: string;
  /**
   * `https://` origin the browser PUTs uploaded files to (the files bucket's regional
   * endpoint, as the API presigns it): the only other origin the console connects to.
   */
  readonly uploadOrigin: string;
}

/**
 * The operator console in AWS: its static files in a private bucket, served by CloudFront
 * through Origin Access Control, with `/console-api/*` on the same distribution forwarded to the
 * HTTP API, so the console calls its own origin and the API needs no CORS. Users sign in with
 * the Cognito hosted UI (authorization code with PKCE, RFC 7636) through a public app client.
 * Stateless: the bucket's contents are rewritten at every deploy.
 */
export class OperatorConsole extends Construct {
  public readonly distribution: Distribution;
  public readonly client: UserPoolClient;
  /** `https://<distribution>.cloudfront.net/`: the console, and its OAuth callback and sign-out URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: OperatorConsoleProps) {
    super(scope, id);
    const bucket = this.createBucket();
    const headers = this.responseHeaders(props);
    this.distribution = new Distribution(this, "Distribution", {
      comment: "ACS operator console",
      defaultRootObject: "index.html",
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // File names carry no hash, so each deploy invalidates every path (below).
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        [`${consoleApiPrefix}/*`]: {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // The bearer token and the body's headers go through; Host must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    this.acknowledgeDistribution();
    this.url = `https://${this.distribution.distributionDomainName}/`;
    this.client = this.createClient(props.userPool);
    this.deploy(bucket, props);
  }

  private createBucket(): Bucket {
    const bucket = new Bucket(this, "Files", {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Built from the repository at every deploy: nothing here to keep.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "The bucket holds only the console's static code, rewritten from the repository at each deploy and readable by CloudFront alone; every data request goes to the HTTP API, whose stage access log records each call with its caller.",
    });
    return bucket;
  }

  /**
   * Strict headers for the page and the API answers alike: scripts and styles from this origin
   * only, no framing; connections to this origin, the hosted UI's token endpoint (the PKCE code
   * exchange) and the files bucket (uploads by presigned PUT).
   */
  private responseHeaders(props: OperatorConsoleProps): ResponseHeadersPolicy {
    const connect = ["'self'", props.cognitoDomainUrl, props.uploadOrigin].join(" ");
    return new ResponseHeadersPolicy(this, "Headers", {
      comment: "ACS operator console: CSP, HSTS, no framing",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
  }

  /** A public client (a browser keeps no secret): authorization code, PKCE, hosted UI only. */
  private createClient(userPool: IUserPool): UserPoolClient {
    return new UserPoolClient(this, "Client", {
      userPool,
      generateSecret: false,
      // No username/password API flows: sign-in happens on the hosted UI only.
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  private deploy(bucket: Bucket, props: OperatorConsoleProps): void {
    const region = Stack.of(this).region;
    const deployment = new BucketDeployment(this, "Deployment", {
      destinationBucket: bucket,
      sources: [
        ...props.files.map((file) => Source.data(file.path, file.contents)),
        Source.jsonData(consoleConfigFile, {
          auth: "cognito",
          apiBase: consoleApiPrefix,
          cognito: {
            domain: props.cognitoDomainUrl,
            clientId: this.client.userPoolClientId,
            region,
          },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ["/*"],
      // Browsers revalidate each load (the names carry no hash, so a deploy must show at once);
      // edges keep a day, and the deploy's invalidation clears them.
      cacheControl: [CacheControl.fromString("public, max-age=0, must-revalidate, s-maxage=86400")],
      memoryLimit: 256,
    });
    // CDK's deployment function is one per stack, outside this construct: named by its role.
    const handler = deployment.handlerRole.node.scope;
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnBucket));
    // cdk-nag names the bootstrap bucket with the account and region as synthesized.
    const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? pseudo : value);
    const assets = `cdk-hnb659fds-assets-${named(stack.account, "<AWS::AccountId>")}-${named(stack.region, "<AWS::Region>")}`;
    if (handler) acknowledgeDeploymentHandler(handler, String(bucketId), assets);
  }

  private acknowledgeDistribution(): void {
    const acknowledge = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id, reason });
    acknowledge(
      "AwsSolutions-CFR1",
      "Operators work from wherever they are; sign-in is by Cognito user, password and TOTP, and a geographic block would lock out travelling operators without protecting the API, which checks every token.",
    );
    acknowledge(
      "AwsSolutions-CFR2",
      "The distribution serves static code and forwards API calls that API Gateway authorizes with a Cognito JWT and throttles per stage; Cognito's Plus-tier threat protection guards sign-in, so a WAF web ACL (in us-east-1) would add cost without a rule to enforce.",
    );
    acknowledge(
      "AwsSolutions-CFR3",
      "The default behaviour only serves the console's static code; the calls that matter are logged by the HTTP API's stage access log and Cognito's sign-in events, without a CloudFront log bucket to secure and retain.",
    );
    acknowledge(
      "AwsSolutions-CFR4",
      "The console uses the distribution's cloudfront.net name and certificate, whose TLS policy CloudFront fixes; browsers that reach an operator console negotiate TLS 1.2 or 1.3, and the API origin is reached over TLS 1.2 only.",
    );
  }
}

/** The findings on CDK's own BucketDeployment function, each with why it is accepted. */
function acknowledgeDeploymentHandler(
  handler: IConstruct,
  bucketLogicalId: string,
  assetBucketName: string,
): void {
  const acknowledge = (id: string, reason: string) =>
    Validations.of(handler).acknowledge({ id, reason });
  acknowledge(
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    "CDK's BucketDeployment function logs with the AWS managed basic execution policy, which allows writing its own CloudWatch log streams and nothing else.",
  );
  const wildcards = [
    "Action::s3:GetObject*",
    "Action::s3:GetBucket*",
    "Action::s3:List*",
    "Action::s3:DeleteObject*",
    "Action::s3:Abort*",
    `Resource::arn:<AWS::Partition>:s3:::${assetBucketName}/*`,
    `Resource::<${bucketLogicalId}.Arn>/*`,
    "Resource::*",
  ];
  for (const wildcard of wildcards) {
    acknowledge(
      `AwsSolutions-IAM5[${wildcard}]`,
      "CDK's BucketDeployment role reads its asset objects in the bootstrap bucket, replaces every key of the console bucket, and invalidates the distribution (CloudFront invalidation actions take no resource ARN); every wildcard stops at those.",
    );
  }
  acknowledge(
    "AwsSolutions-L1",
    "The runtime of CDK's BucketDeployment function is chosen by aws-cdk-lib and moves forward with its releases; it runs only during a deploy, with no input from users.",
  );
}
