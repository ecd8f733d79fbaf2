import type { DeviceSummary } from "./api-client.ts";

type Readiness = DeviceSummary["connectionRequestReadiness"];

const labels: Record<Readiness, string> = {
  "xmpp-ready": "XMPP ready",
  "http-only": "HTTP only",
  unreachable: "Unreachable",
};

/** How a connection request can reach the device, in words (the colour only repeats it). */
export function ReadinessBadge(props: { readonly readiness: Readiness }) {
  return (
    <span class={`badge badge-${props.readiness}`} data-readiness={props.readiness}>
      {labels[props.readiness]}
    </span>
  );
}
