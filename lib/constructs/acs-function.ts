import { AssetHashType, DockerImage, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { bundleAcsEntry } from "../acs-bundling.ts";
import type { LambdaSystemLogLevel } from "../stage-options.ts";
import type { AcsConsumer } from "./grants.ts";

export interface AcsFunctionProps {
  /** Absolute path of the TypeScript entry that exports `handler`. */
  readonly entry: string;
  /** The repository root: node_modules (for esbuild) lives there. */
  readonly projectRoot: string;
  readonly description: string;
  readonly logRetention: RetentionDays;
  /**
   * Lambda's own lines (START/END/REPORT at "info", their JSON form). @default "warn": none
   * of them, the bulk of a short function's log bytes (README cost model)
   */
  readonly systemLogLevel?: LambdaSystemLogLevel;
  /** @default 512 */
  readonly memorySize?: number;
  /** Below API Gateway's 30 s integration limit. @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** Reserved concurrency: both the function's ceiling and its guaranteed share. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** Customer-managed key of the log group. @default - CloudWatch Logs' own encryption */
  readonly encryptionKey?: IKey;
}

/**
 * A Lambda function built the same way for every ACS entry point: bundled by
 * the local esbuild (no Docker) into index.mjs and its chunks
 * (lib/acs-bundling.ts), ARM64, on the newest Node.js runtime CDK knows. Its role starts empty: no managed policy,
 * only write access to its own log group; everything else comes from the
 * helpers in grants.ts.
 */
export class AcsFunction extends Construct implements AcsConsumer {
  public readonly function: LambdaFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AcsFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      // Stateless stack: `cdk destroy` removes the logs with the function.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new LambdaFunction(this, "Function", {
      code: bundledCode(props.entry, props.projectRoot),
      handler: "index.handler",
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      // JSON is what Lambda's level filters need. Our lines are JSON already
      // (functions/adapters/log/json-logger.ts), which Lambda passes through unchanged, so
      // the metric filters (log-metrics.ts) still match them.
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: systemLogLevels[props.systemLogLevel ?? "warn"],
      // The application filters itself (ACS_LOG_LEVEL) before writing. Lambda's filter stays at
      // INFO, below every level the logger writes: Lambda reads a line's level only when it
      // also recognises its timestamp key (ours is `time`) and takes any other line for INFO,
      // so a higher filter here could drop warnings and errors.
      applicationLogLevelV2: ApplicationLogLevel.INFO,
    });
  }

  public get grantPrincipal() {
    return this.role;
  }

  public addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }
}

const systemLogLevels: Record<LambdaSystemLogLevel, SystemLogLevel> = {
  debug: SystemLogLevel.DEBUG,
  info: SystemLogLevel.INFO,
  warn: SystemLogLevel.WARN,
};

/**
 * The asset of one entry, bundled by lib/acs-bundling.ts. Not NodejsFunction:
 * it hands esbuild a single --outfile, and code splitting needs an output
 * directory. The Docker image is never pulled: local bundling always succeeds
 * or throws.
 */
function bundledCode(entry: string, projectRoot: string): Code {
  return Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry("dummy"),
      local: {
        tryBundle(outputDir) {
          bundleAcsEntry(entry, outputDir);
          return true;
        },
      },
    },
  });
}
