import { useState } from "preact/hooks";
import type { Device } from "./api-client.ts";

/** The parameters the ACS has stored for the device, narrowed by a path filter. */
export function ParameterList(props: { readonly parameters: Device["parameters"] }) {
  const [path, setPath] = useState("");
  const shown = props.parameters.filter((parameter) => parameter.name.includes(path));
  return (
    <section aria-labelledby="parameters-title">
      <h3 id="parameters-title">Parameters ({shown.length})</h3>
      <label>
        Path filter{" "}
        <input
          name="path-filter"
          value={path}
          placeholder="Device.DeviceInfo."
          onInput={(event) => setPath(event.currentTarget.value)}
        />
      </label>
      <div class="scroll">
        <table class="parameters">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th>Type</th>
              <th>Writable</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((parameter) => (
              <tr key={parameter.name} data-name={parameter.name}>
                <td>{parameter.name}</td>
                <td class="value">{parameter.value ?? ""}</td>
                <td>{parameter.type ?? ""}</td>
                <td>{parameter.writable === undefined ? "" : parameter.writable ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
