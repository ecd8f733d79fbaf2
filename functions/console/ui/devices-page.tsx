import { useCallback, useEffect, useState } from "preact/hooks";
import { type ConsoleApi, type DeviceSummary, errorText } from "./api-client.ts";
import { ReadinessBadge } from "./readiness-badge.tsx";
import { deviceHref } from "./use-hash-route.ts";

type Filter = { serialPrefix: string; oui: string; productClass: string; tag: string };
const emptyFilter: Filter = { serialPrefix: "", oui: "", productClass: "", tag: "" };
const filterLabels: Record<keyof Filter, string> = {
  serialPrefix: "Serial prefix",
  oui: "OUI",
  productClass: "Product class",
  tag: "Tag",
};

/** The device list, searched by the API's listing filters (serial prefix, OUI, product class, tag). */
export function DevicesPage(props: { readonly api: ConsoleApi }) {
  const [filter, setFilter] = useState(emptyFilter);
  const [devices, setDevices] = useState<readonly DeviceSummary[] | undefined>();
  const [problem, setProblem] = useState("");
  const search = useCallback(
    async (wanted: Filter) => {
      const query = Object.fromEntries(Object.entries(wanted).filter(([, value]) => value !== ""));
      const { data, error, response } = await props.api.GET("/devices", {
        params: { query: { ...query, limit: 100 } },
      });
      if (data) {
        setDevices(data.devices);
        setProblem("");
      } else setProblem(errorText(error, response));
    },
    [props.api],
  );
  useEffect(() => void search(emptyFilter), [search]);
  return (
    <section>
      <h2>Devices</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          void search(filter);
        }}
      >
        {(Object.keys(filterLabels) as (keyof Filter)[]).map((name) => (
          <label key={name}>
            {filterLabels[name]}{" "}
            <input
              name={name}
              value={filter[name]}
              onInput={(event) => setFilter({ ...filter, [name]: event.currentTarget.value })}
            />
          </label>
        ))}
        <button type="submit">Search</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {devices === undefined ? (
        <p>Loading…</p>
      ) : devices.length === 0 ? (
        <p>No devices match.</p>
      ) : (
        <DeviceTable devices={devices} />
      )}
    </section>
  );
}

function DeviceTable(props: { readonly devices: readonly DeviceSummary[] }) {
  return (
    <div class="scroll">
      <table class="devices">
        <thead>
          <tr>
            <th>Device</th>
            <th>Product class</th>
            <th>Software version</th>
            <th>Last Inform</th>
            <th>CR readiness</th>
            <th>Last events</th>
            <th>Tags</th>
            <th>In session</th>
          </tr>
        </thead>
        <tbody>
          {props.devices.map((device) => (
            <tr key={device.id}>
              <td>
                <a href={deviceHref(device.id)}>{device.id}</a>
              </td>
              <td>{device.productClass}</td>
              <td>{device.softwareVersion ?? "unknown"}</td>
              <td>{new Date(device.lastInformAt).toLocaleString()}</td>
              <td>
                <ReadinessBadge readiness={device.connectionRequestReadiness} />
              </td>
              <td>{device.lastEvents.join(", ")}</td>
              <td>{device.tags.join(", ")}</td>
              <td>{device.inSession ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
