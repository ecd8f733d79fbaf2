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
  /** functions/services/task-reply.ts; `status` becomes the Status dimension. */
  taskReplies: '{ $.message = "task replied" }',
  /** Any error-level line of the CWMP function (e.g. "CWMP exchange failed"). */
  cwmpErrors: '{ $.level = "error" }',
  /** functions/services/open-session.ts: 503 while a live session holds the device. */
  sessionsRefusedBusy: '{ $.message = "session refused: device is in another session" }',
  /** functions/services/open-session.ts; `reason` (boot, bootstrap, inform-retry, idle) becomes the Reason dimension. */
  sessionsAbandoned: '{ $.message = "session abandoned" }',
  /** functions/services/runnable-task.ts and task-reply.ts: a send without a reply. */
  tasksUnanswered:
    '{ $.message = "task got no reply to its last send" || $.message = "empty POST in answer to an RPC" }',
  /** functions/services/authenticate-cpe.ts: an RFC 2069 answer taken under ACS_CPE_DIGEST_LEGACY. */
  digestWithoutQop: '{ $.message = "digest answer without qop accepted" }',
  /** functions/services/open-session.ts: an Inform's digest answer used before. */
  digestReplaysRefused: '{ $.message = "digest replay refused" }',
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
  sessionsRefusedBusy: "SessionsRefusedBusy",
  sessionsAbandoned: "SessionsAbandoned",
  tasksUnanswered: "TasksUnanswered",
  digestWithoutQop: "DigestWithoutQop",
  digestReplaysRefused: "DigestReplaysRefused",
} as const;

/** Log fields that become a metric's dimension (the rest count without one). */
const metricDimensions: Partial<Record<keyof typeof logMetricNames, Record<string, string>>> = {
  taskReplies: { Status: "$.status" },
  sessionsAbandoned: { Reason: "$.reason" },
};

/** Metric filters turning CWMP log lines into the dashboard's session, task and error counts. */
export class LogMetrics extends Construct {
  constructor(scope: Construct, id: string, props: LogMetricsProps) {
    super(scope, id);
    const { namespace, cwmpLogs } = props;
    for (const key of Object.keys(logMetricNames) as (keyof typeof logMetricNames)[]) {
      const dimensions = metricDimensions[key];
      new MetricFilter(this, logMetricNames[key], {
        logGroup: cwmpLogs,
        filterPattern: FilterPattern.literal(logMetricPatterns[key]),
        metricNamespace: namespace,
        metricName: logMetricNames[key],
        metricValue: "1",
        ...(dimensions && { dimensions }),
      });
    }
  }
}
