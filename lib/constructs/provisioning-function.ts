import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { AcsFunction } from "./acs-function.ts";
import { tableReadWriteActions, useEventBus, useQueueForSending, useTable } from "./grants.ts";

export interface ProvisioningFunctionProps {
  readonly projectRoot: string;
  readonly table: ITableV2;
  readonly indexNames: readonly string[];
  /** Connection requests the API asks for are sent here. */
  readonly connectionRequestQueue: IQueue;
  readonly bus: IEventBus;
  readonly logRetention: RetentionDays;
  /** Customer-managed key of the log group. */
  readonly encryptionKey?: IKey;
}

/** The provisioning API's Lambda (functions/handlers/api.ts). */
export class ProvisioningFunction extends Construct {
  public readonly handler: AcsFunction;

  constructor(scope: Construct, id: string, props: ProvisioningFunctionProps) {
    super(scope, id);
    this.handler = new AcsFunction(this, "Handler", {
      entry: `${props.projectRoot}/functions/handlers/api.ts`,
      projectRoot: props.projectRoot,
      description: "ACS provisioning API (devices, tasks, campaigns)",
      logRetention: props.logRetention,
      encryptionKey: props.encryptionKey,
    });
    useTable(this.handler, {
      table: props.table,
      indexNames: props.indexNames,
      actions: tableReadWriteActions,
    });
    useQueueForSending(this.handler, props.connectionRequestQueue, "ACS_QUEUE_URL");
    useEventBus(this.handler, props.bus);
  }
}
