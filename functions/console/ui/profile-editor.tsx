import { useEffect, useState } from "preact/hooks";
import { type ConsoleApi, errorText, type FieldIssue } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";

const blank = `{
  "precondition": {},
  "parameterValues": []
}`;

/**
 * A profile as JSON, saved with PUT /profiles/{name}. The API validates it; each issue it
 * names (e.g. `body.objects[0].table`) is listed next to the field it concerns, and that
 * field is marked invalid, so an operator sees where the profile is wrong.
 */
export function ProfileEditor(props: {
  readonly api: ConsoleApi;
  /** The profile to edit; without one, the editor asks for a name and creates a profile. */
  readonly name?: string;
  readonly onSaved?: () => void;
}) {
  const { api } = props;
  const maySave = useMayCall("PUT", "/profiles/{name}");
  const [name, setName] = useState(props.name ?? "");
  const [text, setText] = useState(props.name === undefined ? blank : "");
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [status, setStatus] = useState("");
  useEffect(() => {
    if (props.name === undefined) return;
    void (async () => {
      const { data, error, response } = await api.GET("/profiles/{name}", {
        params: { path: { name: props.name as string } },
      });
      if (!data) return setStatus(errorText(error, response));
      const { name: _name, ...body } = data as typeof data & { name?: string };
      setText(JSON.stringify(body, null, 2));
    })();
  }, [api, props.name]);
  const save = async () => {
    setStatus("");
    const body = parseJson(text);
    if ("issue" in body) return setIssues([body.issue]);
    const { error, response } = await api.PUT("/profiles/{name}", {
      params: { path: { name } },
      body: body.value as never,
    });
    setIssues(error?.issues ?? []);
    if (response.ok) {
      setStatus("Saved.");
      props.onSaved?.();
    } else if (!error?.issues?.length) setStatus(errorText(error, response));
  };
  const nameIssues = issues.filter((issue) => issue.field.startsWith("path"));
  const bodyIssues = issues.filter((issue) => !issue.field.startsWith("path"));
  return (
    <form
      class="profile-editor"
      aria-label={props.name === undefined ? "New profile" : `Profile ${props.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {props.name === undefined && (
        <label>
          Profile name{" "}
          <input
            name="profile-name"
            required
            value={name}
            aria-invalid={nameIssues.length > 0}
            aria-describedby="profile-name-issues"
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <IssueList id="profile-name-issues" issues={nameIssues} />
        </label>
      )}
      <label class="profile-body">
        Profile (JSON){" "}
        <textarea
          name="profile-body"
          rows={16}
          spellcheck={false}
          value={text}
          aria-invalid={bodyIssues.length > 0}
          aria-describedby="profile-body-issues"
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <IssueList id="profile-body-issues" issues={bodyIssues} />
      </label>
      {maySave ? (
        <button type="submit">Save profile</button>
      ) : (
        <p>Saving profiles needs the admin role.</p>
      )}
      {status && <p role="status">{status}</p>}
    </form>
  );
}

function IssueList(props: { readonly id: string; readonly issues: readonly FieldIssue[] }) {
  return (
    <ul id={props.id} class="issues" role={props.issues.length > 0 ? "alert" : undefined}>
      {props.issues.map((issue) => (
        <li key={issue.field} data-field={issue.field}>
          <code>{issue.field}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}

function parseJson(text: string): { readonly value: unknown } | { readonly issue: FieldIssue } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { issue: { field: "body", message: `not JSON: ${(error as Error).message}` } };
  }
}
