import { useState } from "preact/hooks";
import { type ConnectionRequestResult, type ConsoleApi, errorText } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";

/** Wakes the device now (TR-069 3.2.2 HTTP, or Annex K XMPP) and shows the method and outcome. */
export function ConnectionRequestButton(props: {
  readonly api: ConsoleApi;
  readonly id: string;
  readonly onDone: () => void;
}) {
  const mayRequest = useMayCall("POST", "/devices/{id}/connection-request");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionRequestResult | undefined>();
  const [problem, setProblem] = useState("");
  const request = async () => {
    setBusy(true);
    setProblem("");
    const { data, error, response } = await props.api.POST("/devices/{id}/connection-request", {
      params: { path: { id: props.id }, query: { wait: 7 } },
    });
    setBusy(false);
    if (!data) return setProblem(errorText(error, response));
    setResult(data);
    props.onDone();
  };
  if (!mayRequest) return null;
  return (
    <section aria-labelledby="cr-title">
      <h3 id="cr-title">Connection request</h3>
      <button type="button" disabled={busy} onClick={() => void request()}>
        {busy ? "Requesting…" : "Send connection request"}
      </button>
      {problem && <p role="alert">{problem}</p>}
      {result && (
        <p class="cr-result" aria-live="polite">
          {result.outcome
            ? `${result.outcome.method}: ${result.outcome.outcome}${result.outcome.detail ? ` (${result.outcome.detail})` : ""}`
            : (result.error ?? "queued, no outcome yet")}
          {result.sessionStarted && ", session started"}
        </p>
      )}
    </section>
  );
}
