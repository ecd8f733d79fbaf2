import type { Device } from "./api-client.ts";

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : "");
const orDash = (text: string | null | undefined) => text || "—";

/**
 * Whether connection requests reach the device over XMPP (TR-069 Annex K): the readiness state
 * the API derives, the CPE's JabberID and ConnReqXMPPConnection with its Status (TR-181
 * Device.XMPP.Connection.{i}.), what the built-in profile applied, and its account on the server.
 */
export function XmppReadiness(props: { readonly xmpp: Device["xmppConnectionRequest"] }) {
  const { xmpp } = props;
  const account = xmpp.account;
  return (
    <section aria-labelledby="xmpp-title">
      <h3 id="xmpp-title">XMPP readiness</h3>
      <dl class="identity xmpp-readiness">
        <dt>State</dt>
        <dd data-xmpp="state">
          <strong class={`status status-${xmpp.ready ? "done" : xmpp.state}`}>{xmpp.state}</strong>
        </dd>
        <dt>JabberID</dt>
        <dd>{orDash(xmpp.jabberId)}</dd>
        <dt>Connection</dt>
        <dd>
          {orDash(xmpp.connection)} {xmpp.connectionStatus && `(${xmpp.connectionStatus})`}
        </dd>
        <dt>Applied</dt>
        <dd>{xmpp.variant ? `${xmpp.variant}, ${xmpp.instance ?? "?"} instance` : "—"}</dd>
        <dt>Account</dt>
        <dd>
          {account ? `${account.status ?? "?"} ${when(account.at)} ${account.detail ?? ""}` : "—"}
        </dd>
        <dt>Per-device CR credentials</dt>
        <dd>{xmpp.perDeviceCrCredentials ? "confirmed" : "no"}</dd>
      </dl>
    </section>
  );
}

/** Each provisioning profile's standing on the device: converged, faulted, waiting and why. */
export function ProfileStanding(props: { readonly standing: Device["provisioning"] }) {
  return (
    <section aria-labelledby="standing-title">
      <h3 id="standing-title">Profiles</h3>
      {props.standing.length === 0 ? (
        <p>No provisioning profile applies here: none is saved, and the built-in ones are off.</p>
      ) : (
        <div class="scroll">
          <table class="profile-standing">
            <thead>
              <tr>
                <th>Profile</th>
                <th>Status</th>
                <th>Reason</th>
                <th>Faults</th>
                <th>Last fault</th>
                <th>Retry at</th>
                <th>Converged at</th>
              </tr>
            </thead>
            <tbody>
              {props.standing.map((row) => (
                <tr key={row.profile} data-standing={row.profile}>
                  <td>{row.profile}</td>
                  <td>
                    <strong class={`status status-${row.status}`}>{row.status}</strong>
                  </td>
                  <td>{row.reason ?? ""}</td>
                  <td>{row.faults}</td>
                  <td>
                    {row.lastFault &&
                      `${row.lastFault.code ?? ""} ${row.lastFault.string ?? ""} ${row.lastFault.method ?? ""}`}
                  </td>
                  <td>{when(row.retryAt)}</td>
                  <td>{when(row.convergedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
