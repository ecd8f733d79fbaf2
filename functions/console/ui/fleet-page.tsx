import { useEffect, useState } from "preact/hooks";
import type { components } from "../api-types.ts";
import { type ConsoleApi, errorText } from "./api-client.ts";
import { BarChart, topBars } from "./bar-chart.tsx";
import { RecentFaults } from "./recent-faults.tsx";

type FleetSummary = components["schemas"]["FleetSummary"];

/** Versions and classes each chart shows before summing the rest as "other". */
const topValues = 10;

/** The fleet as the server counts it (GET /fleet/summary): totals, CR readiness, charts. */
export function FleetPage(props: { readonly api: ConsoleApi }) {
  const [summary, setSummary] = useState<FleetSummary | undefined>();
  const [problem, setProblem] = useState("");
  useEffect(() => {
    void (async () => {
      const { data, error, response } = await props.api.GET("/fleet/summary");
      if (!data) return setProblem(errorText(error, response));
      setSummary(data);
    })();
  }, [props.api]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!summary) return <p>Loading…</p>;
  const cr = summary.connectionRequest;
  return (
    <section>
      <h2>Fleet overview</h2>
      <section aria-labelledby="fleet-totals">
        <h3 id="fleet-totals">Totals</h3>
        {!summary.complete && <p>Counting stopped early: these numbers cover part of the fleet.</p>}
        <dl class="identity totals">
          <dt>Devices</dt>
          <dd data-total="devices">{summary.devices}</dd>
          <dt>Seen in the last 24 h</dt>
          <dd data-total="seen">{summary.seenLast24h}</dd>
          <dt>Counted at</dt>
          <dd>{new Date(summary.generatedAt).toLocaleString()}</dd>
        </dl>
      </section>
      <section aria-labelledby="fleet-readiness">
        <h3 id="fleet-readiness">Connection-request readiness</h3>
        <BarChart
          title="Connection-request readiness"
          bars={[
            { value: "XMPP ready", count: cr.xmppReady },
            { value: "HTTP only", count: cr.httpOnly },
            { value: "Unreachable", count: cr.unreachable },
          ]}
        />
      </section>
      <section aria-labelledby="fleet-classes">
        <h3 id="fleet-classes">By product class</h3>
        <BarChart
          title="Devices by product class"
          bars={topBars(summary.byProductClass, topValues)}
        />
      </section>
      <section aria-labelledby="fleet-versions">
        <h3 id="fleet-versions">By software version</h3>
        <BarChart
          title="Devices by software version"
          bars={topBars(summary.bySoftwareVersion, topValues)}
        />
      </section>
      <RecentFaults api={props.api} />
    </section>
  );
}
