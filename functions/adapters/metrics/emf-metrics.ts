import type { CrMetricName, CrMetrics } from "../../ports.ts";

export interface EmfMetricsOptions {
  /** CloudWatch namespace. */
  readonly namespace: string;
  /** Value of the `Service` dimension every metric carries. */
  readonly service: string;
  /** @default one line on stdout */
  readonly write?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * CloudWatch Embedded Metric Format: one JSON line per data point on stdout, which the awslogs
 * driver ships and CloudWatch turns into metrics without API calls. Each line declares its
 * own dimension set (`Service` plus whatever the call adds, all low-cardinality).
 */
export function createEmfMetrics(options: EmfMetricsOptions): CrMetrics {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const emit = (
    name: CrMetricName,
    unit: "Count" | "Milliseconds",
    value: number,
    dimensions: Readonly<Record<string, string>> = {},
  ): void => {
    const fields = { Service: options.service, ...dimensions };
    const line = {
      _aws: {
        Timestamp: now(),
        CloudWatchMetrics: [
          {
            Namespace: options.namespace,
            Dimensions: [Object.keys(fields)],
            Metrics: [{ Name: name, Unit: unit }],
          },
        ],
      },
      ...fields,
      [name]: value,
    };
    write(JSON.stringify(line));
  };
  return {
    count: (name, dimensions) => emit(name, "Count", 1, dimensions),
    latency: (method, milliseconds) =>
      emit("CrLatency", "Milliseconds", milliseconds, { Method: method }),
  };
}
