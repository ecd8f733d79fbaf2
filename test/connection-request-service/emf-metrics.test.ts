import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createEmfMetrics } from "../../functions/adapters/metrics/emf-metrics.ts";

describe("createEmfMetrics", () => {
  it("writes one CloudWatch EMF line per data point, with its dimension set", () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createEmfMetrics({
      namespace: "Acs",
      service: "cr",
      write: (line) => lines.push(line),
      now: () => 1_700_000_000_000,
    });

    // Act
    metrics.count("CrDelivered", { Method: "xmpp" });
    metrics.latency("http", 42);

    // Assess
    assert.deepEqual(
      lines.map((line) => JSON.parse(line)),
      [
        {
          _aws: {
            Timestamp: 1_700_000_000_000,
            CloudWatchMetrics: [
              {
                Namespace: "Acs",
                Dimensions: [["Service", "Method"]],
                Metrics: [{ Name: "CrDelivered", Unit: "Count" }],
              },
            ],
          },
          Service: "cr",
          Method: "xmpp",
          CrDelivered: 1,
        },
        {
          _aws: {
            Timestamp: 1_700_000_000_000,
            CloudWatchMetrics: [
              {
                Namespace: "Acs",
                Dimensions: [["Service", "Method"]],
                Metrics: [{ Name: "CrLatency", Unit: "Milliseconds" }],
              },
            ],
          },
          Service: "cr",
          Method: "http",
          CrLatency: 42,
        },
      ],
    );
  });
});
