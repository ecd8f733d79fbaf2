import { useState } from "preact/hooks";
import type { Task } from "./api-client.ts";
import { TaskRow } from "./task-row.tsx";

/**
 * The device's tasks, newest first, with status, attempts and any fault; filtered by status,
 * and an open task (not yet in a final status) can be cancelled.
 */
export function TaskList(props: {
  readonly tasks: readonly Task[];
  readonly onCancel: (task: Task) => void;
}) {
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
              <TaskRow key={task.id} task={task} onCancel={props.onCancel} view="device" />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
