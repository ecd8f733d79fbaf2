import { useEffect, useState } from "preact/hooks";
import { type ConsoleApi, type DeviceSummary, errorText } from "./api-client.ts";
import { RecentFaults } from "./recent-faults.tsx";

const pageLimit = 500;
/** The overview reads at most this many pages of the device listing. */
const maxPages = 20;
const dayMs = 24 * 60 * 60 * 1000;

/** Fleet totals from the device listing: devices, seen in the last 24 h, by product class. */
export function FleetPage(props: { readonly api: ConsoleApi }) {
  const [devices, setDevices] = useState<readonly DeviceSummary[] | undefined>();
  const [partial, setPartial] = useState(false);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    void (async () => {
      const all: DeviceSummary[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const { data, error, response } = await props.api.GET("/devices", {
          params: { query: { limit: pageLimit, ...(cursor && { cursor }) } },
        });
        if (!data) return setProblem(errorText(error, response));
        all.push(...data.devices);
        cursor = data.cursor;
        if (!cursor) break;
      }
      setPartial(cursor !== undefined);
      setDevices(all);
    })();
  }, [props.api]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!devices) return <p>Loading…</p>;
  const since = Date.now() - dayMs;
  const byClass = new Map<string, number>();
  for (const device of devices)
    byClass.set(device.productClass, (byClass.get(device.productClass) ?? 0) + 1);
  return (
    <section>
      <h2>Fleet overview</h2>
      {partial && <p>Counted the first {devices.length} devices only.</p>}
      <dl class="identity totals">
        <dt>Devices</dt>
        <dd data-total="devices">{devices.length}</dd>
        <dt>Seen in the last 24 h</dt>
        <dd>{devices.filter((device) => Date.parse(device.lastInformAt) >= since).length}</dd>
        <dt>In session now</dt>
        <dd>{devices.filter((device) => device.inSession).length}</dd>
      </dl>
      <h3>By product class</h3>
      <ul class="bars">
        {[...byClass].map(([productClass, count]) => (
          <li key={productClass}>
            <label>
              {productClass}: {count} <progress max={devices.length} value={count} />
            </label>
          </li>
        ))}
      </ul>
      <RecentFaults api={props.api} />
    </section>
  );
}
