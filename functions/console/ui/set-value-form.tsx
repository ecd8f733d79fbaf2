import { useEffect, useRef, useState } from "preact/hooks";
import { type ConsoleApi, errorText, finalTaskStatuses, type Task } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";

const pollMs = 1_000;

/**
 * Queues a SetParameterValues (TR-069 A.3.2.1) with a connection request, then follows the
 * task until it is final (done, faulted, ...), showing each status it passes through.
 */
export function SetValueForm(props: {
  readonly api: ConsoleApi;
  readonly id: string;
  readonly onSettled: () => void;
  /** A writable parameter chosen in the tree: its name, value and type fill the form. */
  readonly prefill?: { readonly name: string; readonly value?: string; readonly type?: string };
}) {
  const mayQueue = useMayCall("POST", "/devices/{id}/tasks");
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [type, setType] = useState("xsd:string");
  const [task, setTask] = useState<Task | undefined>();
  const [problem, setProblem] = useState("");
  const valueInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!props.prefill) return;
    setName(props.prefill.name);
    setValue(props.prefill.value ?? "");
    setType(props.prefill.type ?? "xsd:string");
    valueInput.current?.focus();
  }, [props.prefill]);
  const submit = async () => {
    setProblem("");
    setTask(undefined);
    const queued = await props.api.POST("/devices/{id}/tasks", {
      params: { path: { id: props.id }, query: { connectionRequest: "true" } },
      body: { name: "setParameterValues", parameterValues: [[name, value, type]] },
    });
    if (!queued.data) return setProblem(errorText(queued.error, queued.response));
    let current = queued.data;
    setTask(current);
    while (!finalTaskStatuses.has(current.status)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const read = await props.api.GET("/tasks/{taskId}", {
        params: { path: { taskId: current.id } },
      });
      if (!read.data) return setProblem(errorText(read.error, read.response));
      current = read.data;
      setTask(current);
    }
    props.onSettled();
  };
  if (!mayQueue) return null;
  return (
    <section aria-labelledby="set-title">
      <h3 id="set-title">Set a value</h3>
      <form
        class="set-value"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          Parameter{" "}
          <input
            name="parameter"
            required
            value={name}
            placeholder="Device.DeviceInfo.ProvisioningCode"
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Value{" "}
          <input
            ref={valueInput}
            name="value"
            value={value}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </label>
        <label>
          Type{" "}
          <select name="type" value={type} onChange={(event) => setType(event.currentTarget.value)}>
            {["xsd:string", "xsd:unsignedInt", "xsd:int", "xsd:boolean", "xsd:dateTime"].map(
              (t) => (
                <option key={t}>{t}</option>
              ),
            )}
          </select>
        </label>
        <button type="submit">Set value</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {task && (
        <p class="set-status" aria-live="polite">
          Task {task.id}: <strong class={`status status-${task.status}`}>{task.status}</strong>
          {task.fault && ` (fault ${task.fault.code} ${task.fault.string})`}
        </p>
      )}
    </section>
  );
}
