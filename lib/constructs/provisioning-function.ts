import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { LambdaSystemLogLevel } from "../stage-options.ts";
import { AcsFunction } from "./acs-function.ts";
import { cwmpSecretEnv } from "./cwmp-function.ts";
import { type FileStore, useFileStore } from "./file-store.ts";
import {
  tableReadWriteActions,
  useEventBus,
  useQueueForSending,
  useSecretArn,
  useTable,
} from "./grants.ts";
import { type RuntimeSettings, runtimeEnvironment } from "./runtime-environment.ts";
import { type SealingKeys, useSealingKeys } from "./sealing-keys.ts";

export interface ProvisioningFunctionProps {
  readonly projectRoot: string;
  readonly table: ITableV2;
  readonly indexNames: readonly string[];
  /** Connection requests the API asks for are sent here. */
  readonly connectionRequestQueue: IQueue;
  readonly bus: IEventBus;
  readonly logRetention: RetentionDays;
  /** Lambda's system log level (AcsFunctionProps). @default "warn" */
  readonly systemLogLevel?: LambdaSystemLogLevel;
  /** Customer-managed key of the log group. */
  readonly encryptionKey?: IKey;
  /**
   * The function's timeout, passed to it as ACS_API_TIMEOUT_SECONDS: the longest `wait=N` is
   * derived from it (functions/api/api-deps.ts). Below API Gateway's 30 s. @default 10
   */
  readonly timeoutSeconds?: number;
  /** Secret values of SetParameterValues tasks are sealed with the current key. */
  readonly sealingKeys: SealingKeys;
  /**
   * With `sharedCpeCredentials`: its secret, so PUT /cpe-credentials refuses the shared
   * username (a device given it would lock out every CPE using the shared pair).
   */
  readonly sharedCpeCredentials?: ISecret;
  /** Log level and secret parameters, as the other processes have them. */
  readonly runtime: RuntimeSettings;
  /** Operators upload, list, fetch and delete files and device uploads through presigned URLs. */
  readonly fileStore: FileStore;
}

/** The provisioning API's Lambda (functions/handlers/api.ts). */
export class ProvisioningFunction extends Construct {
  public readonly handler: AcsFunction;

  constructor(scope: Construct, id: string, props: ProvisioningFunctionProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? 10;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 4 || timeoutSeconds > 29) {
      throw new Error(`timeoutSeconds must be an integer from 4 to 29, not ${timeoutSeconds}`);
    }
    this.handler = new AcsFunction(this, "Handler", {
      entry: `${props.projectRoot}/functions/handlers/api.ts`,
      projectRoot: props.projectRoot,
      description: "ACS provisioning API (devices, tasks, campaigns)",
      logRetention: props.logRetention,
      systemLogLevel: props.systemLogLevel,
      encryptionKey: props.encryptionKey,
      timeout: Duration.seconds(timeoutSeconds),
    });
    // Set with the timeout, never apart: a wait longer than the function lives ends in a 5xx.
    this.handler.function.addEnvironment("ACS_API_TIMEOUT_SECONDS", String(timeoutSeconds));
    useTable(this.handler, {
      table: props.table,
      indexNames: props.indexNames,
      actions: tableReadWriteActions,
    });
    useQueueForSending(this.handler, props.connectionRequestQueue, "ACS_QUEUE_URL");
    useEventBus(this.handler, props.bus);
    useSealingKeys(this.handler, props.sealingKeys);
    useFileStore(this.handler, props.fileStore, "api");
    if (props.sharedCpeCredentials) {
      // The CWMP function's secret, under the same variable; the handler takes its username only.
      useSecretArn(this.handler, props.sharedCpeCredentials, cwmpSecretEnv.cpeCredentials);
    }
    for (const [name, value] of Object.entries(runtimeEnvironment(props.runtime))) {
      this.handler.addEnvironment(name, value);
    }
  }
}
