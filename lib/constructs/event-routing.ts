import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { SqsQueue } from "aws-cdk-lib/aws-events-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** The EventBridge `detail-type` of a request to wake a CPE (TR-069 §3.2.2 / Annex K). */
export const connectionRequestDetailType = "ConnectionRequest";

export interface EventRoutingProps {
  /**
   * How long a sender holds a message before another may take it: longer
   * than one connection-request attempt with its retries. @default 60 s
   */
  readonly visibilityTimeout?: Duration;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

/**
 * The ACS's event bus and the connection-request queue it feeds. Lifecycle
 * events and connection requests share one bus; only `ConnectionRequest`
 * events reach the queue. Both queues use SQS-managed encryption, which
 * (unlike the AWS-managed KMS key) EventBridge can deliver to.
 */
export class EventRouting extends Construct {
  public readonly bus: EventBus;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly rule: Rule;
  public readonly visibilityTimeout: Duration;
  /** Any message in the dead-letter queue means a CPE was not woken. */
  public readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EventRoutingProps = {}) {
    super(scope, id);
    this.visibilityTimeout = props.visibilityTimeout ?? Duration.seconds(60);
    this.bus = new EventBus(this, "Bus", { description: "TR-069 ACS events" });
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, "ConnectionRequests", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: this.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.rule = new Rule(this, "ConnectionRequestRule", {
      eventBus: this.bus,
      description: "Connection requests to the sender's queue",
      eventPattern: { detailType: [connectionRequestDetailType] },
      // The target adds a queue policy letting only this rule send.
      targets: [new SqsQueue(this.queue)],
    });
    this.deadLetterAlarm = new Alarm(this, "DeadLettersAlarm", {
      alarmDescription: "Connection requests gave up: messages in the dead-letter queue",
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: "Maximum",
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
