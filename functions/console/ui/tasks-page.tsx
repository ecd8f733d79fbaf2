import { useCallback, useEffect, useState } from "preact/hooks";
import { taskStatuses } from "../../core/model/task.ts";
import { type ConsoleApi, errorText, type Task } from "./api-client.ts";
import { TaskRow } from "./task-row.tsx";

const pageLimit = 50;

interface Filter {
  readonly status: string;
  readonly deviceId: string;
}

/**
 * Recent tasks of the fleet (GET /tasks), newest first: filtered by status and device id,
 * paged with "More", each linked to its device; an open task can be cancelled.
 */
export function TasksPage(props: { readonly api: ConsoleApi }) {
  const { api } = props;
  const [draft, setDraft] = useState<Filter>({ status: "", deviceId: "" });
  const [filter, setFilter] = useState<Filter>(draft);
  const [tasks, setTasks] = useState<readonly Task[] | undefined>();
  const [cursor, setCursor] = useState<string | undefined>();
  const [problem, setProblem] = useState("");
  const load = useCallback(
    async (after?: string) => {
      const query = {
        limit: pageLimit,
        ...(filter.status && { status: filter.status as Task["status"] }),
        ...(filter.deviceId && { deviceId: filter.deviceId }),
        ...(after && { cursor: after }),
      };
      const { data, error, response } = await api.GET("/tasks", { params: { query } });
      if (!data) return setProblem(errorText(error, response));
      setProblem("");
      setTasks((shown) => [...(after && shown ? shown : []), ...data.tasks]);
      setCursor(data.cursor);
    },
    [api, filter],
  );
  useEffect(() => void load(), [load]);
  const cancel = async (task: Task) => {
    const { data, error, response } = await api.DELETE("/tasks/{taskId}", {
      params: { path: { taskId: task.id } },
    });
    // 409: it ended (or changed) meanwhile; "Filter" reads the listing again.
    if (!data) return setProblem(errorText(error, response));
    setProblem("");
    setTasks((shown) => shown?.map((one) => (one.id === task.id ? data : one)));
  };
  return (
    <section>
      <h2>Tasks</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ status: draft.status, deviceId: draft.deviceId.trim() });
        }}
      >
        <label>
          Status{" "}
          <select
            name="status"
            value={draft.status}
            onChange={(event) => setDraft({ ...draft, status: event.currentTarget.value })}
          >
            <option value="">any</option>
            {taskStatuses.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Device id{" "}
          <input
            name="deviceId"
            value={draft.deviceId}
            onInput={(event) => setDraft({ ...draft, deviceId: event.currentTarget.value })}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {!tasks ? <p>Loading…</p> : <TaskRows tasks={tasks} onCancel={cancel} />}
      {cursor && (
        <button type="button" onClick={() => void load(cursor)}>
          More
        </button>
      )}
    </section>
  );
}

function TaskRows(props: {
  readonly tasks: readonly Task[];
  readonly onCancel: (task: Task) => void;
}) {
  if (props.tasks.length === 0) return <p>No tasks match.</p>;
  return (
    <div class="scroll">
      <table class="tasks">
        <thead>
          <tr>
            <th>Created</th>
            <th>Device</th>
            <th>Task</th>
            <th>Status</th>
            <th>Fault or reason</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.tasks.map((task) => (
            <TaskRow key={task.id} task={task} onCancel={props.onCancel} view="fleet" />
          ))}
        </tbody>
      </table>
    </div>
  );
}
