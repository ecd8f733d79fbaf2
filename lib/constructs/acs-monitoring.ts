import { Duration } from "aws-cdk-lib";
import type { HttpStage } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { FargateService } from "aws-cdk-lib/aws-ecs";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { ILogGroup } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { LogMetrics, logMetricNames } from "./log-metrics.ts";

export interface AcsMonitoringProps {
  readonly stage: string;
  /** Namespace of the ACS's own metrics (CWMP log metrics, sender EMF). */
  readonly namespace: string;
  readonly cwmpFunction: IFunction;
  readonly apiFunction: IFunction;
  readonly cwmpLogs: ILogGroup;
  readonly httpStage: HttpStage;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly deadLetterAlarm: IAlarm;
  readonly sender: FargateService;
  /** The sender's `Service` dimension on its EMF metrics (connection-request-service/main.ts). */
  readonly senderMetricsService: string;
  /** Every alarm notifies this topic. @default - alarms only show on the dashboard */
  readonly alarmTopicArn?: string;
}

const fiveMinutes = Duration.minutes(5);

/** The ACS dashboard and its alarms: errors, dead letters, sender health. */
export class AcsMonitoring extends Construct {
  public readonly dashboard: Dashboard;
  public readonly alarms: readonly IAlarm[];

  constructor(scope: Construct, id: string, props: AcsMonitoringProps) {
    super(scope, id);
    const namespace = props.namespace;
    new LogMetrics(this, "LogMetrics", { namespace, cwmpLogs: props.cwmpLogs });
    const count = (metricName: string, dimensionsMap?: Record<string, string>) =>
      new Metric({ namespace, metricName, dimensionsMap, statistic: "Sum", period: fiveMinutes });
    const sender = (metricName: string, extra: Record<string, string> = {}) =>
      count(metricName, { Service: props.senderMetricsService, ...extra });
    const byDimension = (metricName: string, dimension: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${namespace},${dimension}} MetricName="${metricName}"', 'Sum', 300)`,
        label,
        period: fiveMinutes,
      });
    const runningTasks = new Metric({
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensionsMap: {
        ClusterName: props.sender.cluster.clusterName,
        ServiceName: props.sender.serviceName,
      },
      statistic: "Minimum",
      period: Duration.minutes(1),
    });

    const alarms: IAlarm[] = [
      this.alarm("CwmpErrors", "CWMP Lambda errors", props.cwmpFunction.metricErrors(), 1),
      this.alarm(
        "ApiErrors",
        "Provisioning API Lambda errors",
        props.apiFunction.metricErrors(),
        1,
      ),
      this.alarm("Http5xx", "HTTP API 5xx answers", props.httpStage.metricServerError(), 10),
      props.deadLetterAlarm,
      new Alarm(this, "SenderDown", {
        alarmDescription: "No sender task running: no XMPP session, no connection requests",
        metric: runningTasks,
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        // No data means no task reports: that is the failure we watch for.
        treatMissingData: TreatMissingData.BREACHING,
      }),
      this.alarm(
        "QueueStale",
        "Connection requests wait over 5 minutes: the sender is stuck or too small",
        props.queue.metricApproximateAgeOfOldestMessage({ statistic: "Maximum" }),
        300,
      ),
    ];
    if (props.alarmTopicArn) {
      const action = new SnsAction(Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn));
      for (const alarm of alarms) if (alarm instanceof Alarm) alarm.addAlarmAction(action);
    }
    this.alarms = alarms;

    const lambdas = [props.cwmpFunction, props.apiFunction];
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 8, height: 6 });
    this.dashboard = new Dashboard(this, "Dashboard", { dashboardName: `Acs-${props.stage}` });
    this.dashboard.addWidgets(
      graph("CWMP sessions opened", [count(logMetricNames.sessionsOpened)]),
      graph("Task replies by status (faults included)", [
        byDimension(logMetricNames.taskReplies, "Status", "tasks"),
      ]),
      graph("Connection requests by outcome (sender EMF)", [
        sender("CrDelivered", { Method: "xmpp" }),
        sender("CrDelivered", { Method: "http" }),
        sender("CrFailed"),
        sender("CrRetryScheduled"),
        sender("CrExpired"),
        sender("CrDeadLettered"),
        byDimension("CrSkipped", "Reason,Service", "skipped"),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        "Connection-request queue",
        [
          props.queue.metricApproximateNumberOfMessagesVisible(),
          props.queue.metricApproximateNumberOfMessagesNotVisible(),
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: "dead letters" }),
        ],
        [props.queue.metricApproximateAgeOfOldestMessage()],
      ),
      graph("Sender tasks", [runningTasks], [props.sender.metricCpuUtilization()]),
      graph(
        "HTTP API",
        [props.httpStage.metricCount(), props.httpStage.metricServerError()],
        [props.httpStage.metricLatency({ statistic: "p99" })],
      ),
    );
    this.dashboard.addWidgets(
      graph("Lambda errors", [
        ...lambdas.map((fn) => fn.metricErrors()),
        count(logMetricNames.cwmpErrors),
      ]),
      graph(
        "Lambda duration p50 / p99",
        lambdas.flatMap((fn) => [
          fn.metricDuration({ statistic: "p50" }),
          fn.metricDuration({ statistic: "p99" }),
        ]),
      ),
      new AlarmStatusWidget({ title: "Alarms", alarms, width: 8, height: 6 }),
    );
  }

  private alarm(id: string, description: string, metric: IMetric, threshold: number): Alarm {
    return new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
