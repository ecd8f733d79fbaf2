import { useMemo, useState } from "preact/hooks";
import { createConsoleApi } from "./api-client.ts";
import { CampaignsPage } from "./campaigns-page.tsx";
import { DevicePage } from "./device-page.tsx";
import { DevicesPage } from "./devices-page.tsx";
import { FilesPage } from "./files-page.tsx";
import { FleetPage } from "./fleet-page.tsx";
import { ProfilesPage } from "./profiles-page.tsx";
import { TasksPage } from "./tasks-page.tsx";
import { useHashRoute } from "./use-hash-route.ts";

/** The console: a token, then hash-routed pages over the provisioning API. */
export function App(props: { readonly initialToken: string; readonly origin: string }) {
  const [token, setToken] = useState(props.initialToken);
  const [draft, setDraft] = useState(props.initialToken);
  const api = useMemo(
    () => createConsoleApi({ token, origin: props.origin }),
    [token, props.origin],
  );
  const route = useHashRoute();
  return (
    <>
      <header>
        <h1>ACS console</h1>
        <nav aria-label="Pages">
          <a href="#/devices">Devices</a>
          <a href="#/tasks">Tasks</a>
          <a href="#/campaigns">Campaigns</a>
          <a href="#/fleet">Fleet</a>
          <a href="#/profiles">Profiles</a>
          <a href="#/files">Files</a>
        </nav>
        <form
          class="login"
          onSubmit={(event) => {
            event.preventDefault();
            setToken(draft.trim());
          }}
        >
          <label>
            API token{" "}
            <input
              type="password"
              value={draft}
              autocomplete="off"
              onInput={(event) => setDraft(event.currentTarget.value)}
            />
          </label>
          <button type="submit">Use token</button>
        </form>
      </header>
      <main>
        {token === "" ? (
          <p>Enter the API token the ACS printed at start-up.</p>
        ) : route.page === "device" ? (
          <DevicePage api={api} id={route.id} key={route.id} />
        ) : route.page === "campaigns" ? (
          <CampaignsPage api={api} />
        ) : route.page === "profiles" ? (
          <ProfilesPage api={api} name={route.name} key={route.name} />
        ) : route.page === "files" ? (
          <FilesPage api={api} />
        ) : route.page === "tasks" ? (
          <TasksPage api={api} />
        ) : route.page === "fleet" ? (
          <FleetPage api={api} />
        ) : (
          <DevicesPage api={api} />
        )}
      </main>
    </>
  );
}
