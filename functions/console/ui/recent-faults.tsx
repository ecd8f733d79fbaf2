import { useEffect, useState } from "preact/hooks";
import { type ConsoleApi, errorText, type Task } from "./api-client.ts";
import { taskOutcome } from "./task-row.tsx";
import { deviceHref } from "./use-hash-route.ts";

/** The fleet's last 10 faulted tasks (GET /tasks?status=faulted), each linked to its device. */
export function RecentFaults(props: { readonly api: ConsoleApi }) {
  const [tasks, setTasks] = useState<readonly Task[] | undefined>();
  const [problem, setProblem] = useState("");
  useEffect(() => {
    void (async () => {
      const { data, error, response } = await props.api.GET("/tasks", {
        params: { query: { status: "faulted", limit: 10 } },
      });
      if (!data) return setProblem(errorText(error, response));
      setTasks(data.tasks);
    })();
  }, [props.api]);
  return (
    <section aria-labelledby="recent-faults-title" class="recent-faults">
      <h3 id="recent-faults-title">Recent faults</h3>
      {problem ? (
        <p role="alert">{problem}</p>
      ) : !tasks ? (
        <p>Loading…</p>
      ) : tasks.length === 0 ? (
        <p>No faulted tasks in the last 7 days.</p>
      ) : (
        <ul>
          {tasks.map((task) => (
            <li key={task.id} data-task={task.id}>
              <a href={deviceHref(task.deviceId)}>{task.deviceId}</a> {task.name}:{" "}
              {taskOutcome(task)} ({new Date(task.updatedAt).toLocaleString()})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
