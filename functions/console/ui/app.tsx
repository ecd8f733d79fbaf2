import { useMemo, useState } from "preact/hooks";
import { createConsoleApi } from "./api-client.ts";
import { CampaignsPage } from "./campaigns-page.tsx";
import type { ConsoleAuth } from "./console-auth.ts";
import { DevicePage } from "./device-page.tsx";
import { DevicesPage } from "./devices-page.tsx";
import { FilesPage } from "./files-page.tsx";
import { FleetPage } from "./fleet-page.tsx";
import { ProfilesPage } from "./profiles-page.tsx";
import { RoleContext } from "./role-context.ts";
import { TasksPage } from "./tasks-page.tsx";
import { useHashRoute } from "./use-hash-route.ts";
import { RoleBadge, useMe } from "./use-me.tsx";

/** The console: a token or a Cognito sign-in, then hash-routed pages over the provisioning API. */
export function App(props: { readonly auth: ConsoleAuth; readonly baseUrl: string }) {
  const { auth } = props;
  const initialToken = auth.kind === "token" ? auth.initialToken : "";
  const [token, setToken] = useState(initialToken);
  const [draft, setDraft] = useState(initialToken);
  const api = useMemo(
    () =>
      auth.kind === "token"
        ? createConsoleApi({ baseUrl: props.baseUrl, getToken: () => token })
        : createConsoleApi({
            baseUrl: props.baseUrl,
            getToken: auth.getToken,
            onUnauthorized: auth.signIn,
          }),
    [auth, token, props.baseUrl],
  );
  const route = useHashRoute();
  // With Cognito there is no typed token: /me is asked for with the access token, as the API sees it.
  const me = useMe(api, auth.kind === "token" ? token : (auth.getToken() ?? ""));
  return (
    <RoleContext.Provider value={me?.role}>
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
        {auth.kind === "cognito" ? (
          <button type="button" class="login" onClick={auth.signOut}>
            Sign out
          </button>
        ) : (
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
        )}
        <RoleBadge me={me} />
      </header>
      <main>
        {auth.kind === "token" && token === "" ? (
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
    </RoleContext.Provider>
  );
}
