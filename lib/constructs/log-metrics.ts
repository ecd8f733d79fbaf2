import { FilterPattern, type ILogGroup, MetricFilter } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

/**
 * Business metrics derived from the JSON log lines the runtime already
 * writes (functions/adapters/log/json-logger.ts), so no metrics client is
 * bundled. The patterns are the contract with the runtime's log messages.
 */
export const logMetricPatterns = {
  /** functions/services/open-session.ts */
  sessionsOpened: '{ $.message = "session opened" }',
  /** functions/services/continue-session.ts; `status` becomes the Status dimension. */
  taskReplies: '{ $.message = "task replied" }',
  /** Any error-level line of the CWMP function (e.g. "CWMP exchange failed"). */
  cwmpErrors: '{ $.level = "error" }',
  /** "<transport> connection request" with an `outcome` (adapters/xmpp, adapters/http-cr). */
  connectionRequests: '{ $.msg = "*connection request" }',
} as const;

export interface LogMetricsProps {
  /** Metric namespace, per stage so stages never mix. */
  readonly namespace: string;
  readonly cwmpLogs: ILogGroup;
  readonly senderLogs: ILogGroup;
}

/** Metric names published by the filters (namespace from props). */
export const logMetricNames = {
  sessionsOpened: "SessionsOpened",
  taskReplies: "TaskReplies",
  cwmpErrors: "CwmpErrors",
  connectionRequests: "ConnectionRequests",
} as const;

/** Metric filters turning log lines into the dashboard's session, task and CR counts. */
export class LogMetrics extends Construct {
  constructor(scope: Construct, id: string, props: LogMetricsProps) {
    super(scope, id);
    const { namespace, cwmpLogs, senderLogs } = props;
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
    new MetricFilter(this, "ConnectionRequests", {
      logGroup: senderLogs,
      filterPattern: FilterPattern.literal(logMetricPatterns.connectionRequests),
      metricNamespace: namespace,
      metricName: logMetricNames.connectionRequests,
      metricValue: "1",
      dimensions: { Outcome: "$.outcome" },
    });
  }
}
