import { useState } from "preact/hooks";
import { finalTaskStatuses, type Task } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";

/**
 * The device's tasks, newest first, with status, attempts and any fault; filtered by status,
 * and an open task (not yet in a final status) can be cancelled.
 */
export function TaskList(props: {
  readonly tasks: readonly Task[];
  readonly onCancel: (task: Task) => void;
}) {
  const mayCancel = useMayCall("DELETE", "/tasks/{taskId}");
  const [status, setStatus] = useState("");
  const statuses = [...new Set(props.tasks.map((task) => task.status))].sort();
  const tasks = props.tasks
    .filter((task) => status === "" || task.status === status)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="tasks-title">
      <h3 id="tasks-title">Tasks ({tasks.length})</h3>
      <label>
        Status{" "}
        <select
          name="task-status"
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value)}
        >
          <option value="">any</option>
          {statuses.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <div class="scroll">
        <table class="tasks">
          <thead>
            <tr>
              <th>Created</th>
              <th>Task</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Fault</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} data-task={task.id}>
                <td>{new Date(task.createdAt).toLocaleString()}</td>
                <td>{task.name}</td>
                <td class={`status status-${task.status}`}>{task.status}</td>
                <td>
                  {task.attempts}/{task.maxAttempts}
                </td>
                <td>{task.fault ? `${task.fault.code} ${task.fault.string}` : ""}</td>
                <td>
                  {mayCancel && !finalTaskStatuses.has(task.status) && (
                    <button type="button" onClick={() => props.onCancel(task)}>
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
