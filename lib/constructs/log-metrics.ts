import { FilterPattern, type ILogGroup, MetricFilter } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

/**
 * Business metrics derived from the JSON log lines the runtime already
 * writes (functions/adapters/log/json-logger.ts), so no metrics client is
 * bundled. The patterns are the contract with the runtime's log messages.
 * (The sender publishes its own metrics in Embedded Metric Format.)
 */
export const logMetricPatterns = {
  /** functions/services/open-session.ts */
  sessionsOpened: '{ $.message = "session opened" }',
  /** functions/services/continue-session.ts; `status` becomes the Status dimension. */
  taskReplies: '{ $.message = "task replied" }',
  /** Any error-level line of the CWMP function (e.g. "CWMP exchange failed"). */
  cwmpErrors: '{ $.level = "error" }',
} as const;

export interface LogMetricsProps {
  /** Metric namespace, per stage so stages never mix. */
  readonly namespace: string;
  readonly cwmpLogs: ILogGroup;
}

/** Metric names published by the filters (namespace from props). */
export const logMetricNames = {
  sessionsOpened: "SessionsOpened",
  taskReplies: "TaskReplies",
  cwmpErrors: "CwmpErrors",
} as const;

/** Metric filters turning CWMP log lines into the dashboard's session, task and error counts. */
export class LogMetrics extends Construct {
  constructor(scope: Construct, id: string, props: LogMetricsProps) {
    super(scope, id);
    const { namespace, cwmpLogs } = props;
    new MetricFilter(this, "SessionsOpened", {
      logGroup: cwmpLogs,
      filterPattern: FilterPattern.literal(logMetricPatterns.sessionsOpened),
      metricNamespace: namespace,
      metricName: logMetricNames.sessionsOpened,
      metricValue: "1",
    });
    new MetricFilter(this, "TaskReplies", {
      logGroup: cwmpLogs,
      filterPattern: FilterPattern.literal(logMetricPatterns.taskReplies),
      metricNamespace: namespace,
      metricName: logMetricNames.taskReplies,
      metricValue: "1",
      dimensions: { Status: "$.status" },
    });
    new MetricFilter(this, "CwmpErrors", {
      logGroup: cwmpLogs,
      filterPattern: FilterPattern.literal(logMetricPatterns.cwmpErrors),
      metricNamespace: namespace,
      metricName: logMetricNames.cwmpErrors,
      metricValue: "1",
    });
  }
}
