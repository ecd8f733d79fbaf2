import { Fn, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer, HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate, CertificateValidation } from "aws-cdk-lib/aws-certificatemanager";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { ARecord, HostedZone, RecordTarget } from "aws-cdk-lib/aws-route53";
import { ApiGatewayv2DomainProperties } from "aws-cdk-lib/aws-route53-targets";
import { Construct } from "constructs";
import type { CustomDomainStageConfig, ThrottleStageConfig } from "../config.ts";

/** Paths CPEs may use as ManagementServer.URL (TR-069 §3.1: the ACS URL is any HTTP(S) URL). */
export const cwmpPaths = ["/", "/cwmp"] as const;
/** Every provisioning route lives below this prefix, so it never meets a CWMP path. */
export const apiPathPrefix = "/api";

export interface AcsHttpApiProps {
  readonly cwmpFunction: IFunction;
  readonly apiFunction: IFunction;
  readonly throttle: ThrottleStageConfig;
  /** Serve CWMP here; false when CPEs use only the ALB front door (`cwmpEntry: "alb"`). @default true */
  readonly cwmpRoutes?: boolean;
  /** Route-level throttle of the CWMP routes. @default - the stage throttle applies */
  readonly cwmpThrottle?: ThrottleStageConfig;
  readonly customDomain?: CustomDomainStageConfig;
  readonly logRetention: RetentionDays;
  /** Customer-managed key of the access logs. */
  readonly encryptionKey?: IKey;
}

/**
 * One HTTP API for both doors: CWMP (`POST /`, `POST /cwmp`) without an API
 * Gateway authorizer, because CPEs authenticate with HTTP digest or basic
 * (TR-069 §3.4.4), checked in the handler; and the provisioning API
 * (`ANY /api/{proxy+}`) behind IAM (SigV4) authorization.
 */
export class AcsHttpApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  /** `https://<id>.execute-api.<region>.amazonaws.com/`, or the custom domain. */
  public readonly baseUrl: string;
  public readonly domainName?: DomainName;
  /** The host name clients reach the API by: the custom domain, else the execute-api name. */
  public readonly hostName: string;
  private readonly apiFunction: IFunction;

  constructor(scope: Construct, id: string, props: AcsHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, "Api", {
      description: "TR-069 ACS: CWMP endpoint and provisioning API",
      createDefaultStage: false,
      // With a custom domain, CPEs and operators use it; a second, unlisted door with another
      // TLS policy would only be something more to watch.
      disableExecuteApiEndpoint: props.customDomain?.disableExecuteApiEndpoint,
    });
    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.domainName = props.customDomain && this.customDomain(props.customDomain);
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            ip: "$context.identity.sourceIp",
            time: "$context.requestTime",
            route: "$context.routeKey",
            status: "$context.status",
            bytes: "$context.responseLength",
            latencyMs: "$context.responseLatency",
            integrationError: "$context.integrationErrorMessage",
            caller: "$context.identity.caller",
          }),
        ),
      },
      ...(this.domainName && { domainMapping: { domainName: this.domainName } }),
    });
    this.baseUrl = this.domainName
      ? `https://${props.customDomain?.domainName}/`
      : (this.stage.url ?? "");

    this.hostName =
      props.customDomain?.domainName ?? Fn.select(2, Fn.split("/", this.api.apiEndpoint));
    this.apiFunction = props.apiFunction;
    const cwmp = new HttpLambdaIntegration("Cwmp", props.cwmpFunction);
    const routeSettings: Record<string, object> = {};
    for (const path of props.cwmpRoutes === false ? [] : cwmpPaths) {
      const [route] = this.api.addRoutes({ path, methods: [HttpMethod.POST], integration: cwmp });
      if (route && props.cwmpThrottle) {
        routeSettings[`POST ${path}`] = {
          ThrottlingRateLimit: props.cwmpThrottle.rateLimit,
          ThrottlingBurstLimit: props.cwmpThrottle.burstLimit,
        };
        // Route settings name the route by key: it must exist before the stage is updated.
        this.stage.node.addDependency(route);
      }
      if (route) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason:
            "CPEs cannot sign requests with SigV4 or send bearer tokens; TR-069 §3.4.4 has them authenticate with HTTP digest/basic, which the CWMP handler verifies against the table.",
        });
      }
    }
    if (props.cwmpThrottle) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    }
    this.api.addRoutes({
      path: `${apiPathPrefix}/{proxy+}`,
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration("Provisioning", props.apiFunction),
      authorizer: new HttpIamAuthorizer(),
    });
  }

  /**
   * The console's route set, `ANY <prefix>/{proxy+}`, to the same provisioning function as
   * `/api`, behind a JWT authorizer: API Gateway checks the Cognito access token's signature,
   * expiry, issuer and audience (RFC 7519 section 7.2) and hands the function its claims, from
   * which the handler takes the user's role. A route takes one authorizer, hence a second set.
   */
  public addConsoleRoutes(options: {
    readonly prefix: string;
    /** `https://cognito-idp.<region>.amazonaws.com/<user pool id>` */
    readonly issuer: string;
    /** The console's app client id (Cognito access tokens name it in `client_id`). */
    readonly clientId: string;
  }): void {
    this.api.addRoutes({
      path: `${options.prefix}/{proxy+}`,
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration("ConsoleProvisioning", this.apiFunction),
      authorizer: new HttpJwtAuthorizer("Console", options.issuer, {
        jwtAudience: [options.clientId],
      }),
    });
  }

  /** The ARN pattern an operator's IAM policy allows `execute-api:Invoke` on. */
  public provisioningInvokeArn(): string {
    return this.api.arnForExecuteApi("*", `${apiPathPrefix}/*`, "$default");
  }

  private customDomain(config: CustomDomainStageConfig): DomainName {
    const zone =
      config.hostedZone &&
      HostedZone.fromHostedZoneAttributes(this, "Zone", {
        hostedZoneId: config.hostedZone.id,
        zoneName: config.hostedZone.name,
      });
    const certificate = config.certificateArn
      ? Certificate.fromCertificateArn(this, "Certificate", config.certificateArn)
      : new Certificate(this, "Certificate", {
          domainName: config.domainName,
          validation: CertificateValidation.fromDns(zone),
        });
    const domainName = new DomainName(this, "DomainName", {
      domainName: config.domainName,
      certificate,
      // TLS 1.0 only for fleets of old CPEs that cannot negotiate 1.2.
      securityPolicy: config.minimumTls === "1.0" ? SecurityPolicy.TLS_1_0 : SecurityPolicy.TLS_1_2,
    });
    if (zone) {
      new ARecord(this, "Alias", {
        zone,
        recordName: config.domainName,
        target: RecordTarget.fromAlias(
          new ApiGatewayv2DomainProperties(
            domainName.regionalDomainName,
            domainName.regionalHostedZoneId,
          ),
        ),
      });
    }
    return domainName;
  }
}
