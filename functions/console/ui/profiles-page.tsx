import { useEffect, useState } from "preact/hooks";
import { type ConsoleApi, errorText, type ProfileList } from "./api-client.ts";
import { ProfileEditor } from "./profile-editor.tsx";
import { profileHref } from "./use-hash-route.ts";

type Counts = ProfileList["convergence"]["byProfile"][string];
const columns: readonly (keyof Counts)[] = [
  "converged",
  "pending",
  "faulted",
  "notApplicable",
  "waiting",
  "notMatching",
];

/**
 * Provisioning profiles with how many devices stand where on each and a form for a new one;
 * given a name, that profile's editor.
 */
export function ProfilesPage(props: { readonly api: ConsoleApi; readonly name?: string }) {
  return props.name === undefined ? (
    <ProfileIndex api={props.api} />
  ) : (
    <section>
      <h2>Profile {props.name}</h2>
      <p>
        <a href="#/profiles">All profiles</a>
      </p>
      <ProfileEditor api={props.api} name={props.name} />
    </section>
  );
}

function ProfileIndex(props: { readonly api: ConsoleApi }) {
  const { api } = props;
  const [list, setList] = useState<ProfileList | undefined>();
  const [problem, setProblem] = useState("");
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    void (async () => {
      const { data, error, response } = await api.GET("/profiles", {});
      if (data) setList(data);
      else setProblem(errorText(error, response));
    })();
  }, [api, generation]);
  return (
    <section>
      <h2>Profiles</h2>
      {problem && <p role="alert">{problem}</p>}
      {list === undefined ? (
        <p>Loading…</p>
      ) : list.profiles.length === 0 ? (
        <p>No profiles yet.</p>
      ) : (
        <ProfileTable list={list} />
      )}
      <h3>New profile</h3>
      <ProfileEditor api={api} onSaved={() => setGeneration((n) => n + 1)} />
    </section>
  );
}

function ProfileTable(props: { readonly list: ProfileList }) {
  const { convergence } = props.list;
  return (
    <table class="profiles">
      <caption>
        Devices per profile, of {convergence.devicesCounted} counted
        {convergence.complete ? "" : " (the first devices only)"}
      </caption>
      <thead>
        <tr>
          <th scope="col">Profile</th>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.list.profiles.map((name) => (
          <tr key={name} data-profile={name}>
            <th scope="row">
              <a href={profileHref(name)}>{name}</a>
            </th>
            {columns.map((column) => (
              <td key={column} class={column}>
                {convergence.byProfile[name]?.[column] ?? 0}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
