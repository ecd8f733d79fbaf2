import { useState } from "preact/hooks";
import { type ConsoleApi, errorText } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";

const fields = {
  serialPrefix: "Serial prefix",
  productClass: "Product class",
  parameter: "Parameter",
  value: "Value",
  rate: "Connection requests per second",
  maxInSession: "Devices in session at most",
} as const;
type Fields = Record<keyof typeof fields, string>;

/**
 * Starts a one-stage campaign that sets one value (SetParameterValues, TR-069 A.3.2.1) on
 * every device matching the filter; firmware rollouts, stages and halt rules stay with the API.
 */
export function CampaignForm(props: { readonly api: ConsoleApi; readonly onStarted: () => void }) {
  const mayStart = useMayCall("POST", "/campaigns");
  const [form, setForm] = useState<Fields>({
    serialPrefix: "",
    productClass: "",
    parameter: "",
    value: "",
    rate: "5",
    maxInSession: "10",
  });
  const [problem, setProblem] = useState("");
  const start = async () => {
    const filter = {
      ...(form.serialPrefix && { serialPrefix: form.serialPrefix }),
      ...(form.productClass && { productClass: form.productClass }),
    };
    const { error, response } = await props.api.POST("/campaigns", {
      body: {
        filter,
        task: { name: "setParameterValues", parameterValues: [[form.parameter, form.value]] },
        rate: {
          connectionRequestsPerSecond: Number(form.rate),
          maxInSession: Number(form.maxInSession),
        },
      },
    });
    setProblem(response.ok ? "" : errorText(error, response));
    if (response.ok) props.onStarted();
  };
  if (!mayStart) return null;
  return (
    <form
      class="campaign-form"
      aria-label="Start a campaign"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      {(Object.keys(fields) as (keyof Fields)[]).map((name) => (
        <label key={name}>
          {fields[name]}{" "}
          <input
            name={`campaign-${name}`}
            required={name === "parameter" || name === "rate" || name === "maxInSession"}
            value={form[name]}
            onInput={(event) => setForm({ ...form, [name]: event.currentTarget.value })}
          />
        </label>
      ))}
      <button type="submit">Start campaign</button>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}
